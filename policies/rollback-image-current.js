// rollback-image-current: rolling back returns to what runs now. When the running image is known
// (release.workload.runningImage: the live Deployment's, or the Deployment file's current image),
// spec.rollback.image must be that image, or a rollback would deploy something never run here.
export const meta = {
  id: 'rollback-image-current',
  severity: 'warning',
  description: 'spec.rollback.image is the image running now (release.workload.runningImage), when that is known.',
};

export function check(release, ctx) {
  const spec = release.spec ?? {};
  const running = release.workload?.runningImage;
  const target = spec.rollback?.image;
  // No running image known, or no rollback image to compare (rollback-plan asks for the plan);
  // a file that already names the new image says nothing about what runs now.
  if (typeof running !== 'string' || typeof target !== 'string' || running === spec.image) {
    return [];
  }
  if (target === running) {
    return [];
  }
  return [{
    path: '/spec/rollback/image',
    message: `spec.rollback.image is ${target}, but the running image is ${running} (${release.workload.source})`,
    hint: `set spec.rollback.image to ${running}, the image a rollback returns to`,
  }];
}
