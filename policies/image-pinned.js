// image-pinned: the released image names exactly one build: a tag equal to spec.version, or a
// digest. Never 'latest' and never untagged: those move, so a rollback or a second pod could run
// something else than what was checked.
export const meta = {
  id: 'image-pinned',
  severity: 'error',
  description: 'The released image (spec.image) is pinned: tagged with spec.version or by digest, never latest or untagged.',
  params: { tagMustEqualVersion: true },
};

// The tag is what follows the last ':' after the last '/' (a registry port is before a '/').
function reference(image) {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const digest = at >= 0 ? image.slice(at + 1) : '';
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tag = colon > slash ? name.slice(colon + 1) : '';
  return { repository: colon > slash ? name.slice(0, colon) : name, tag, digest };
}

export function check(release, ctx) {
  const spec = release.spec ?? {};
  const image = spec.image;
  if (typeof image !== 'string') {
    return [];
  }
  const ref = reference(image);
  if (ref.digest) {
    if (/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/.test(ref.digest)) {
      return [];
    }
    return [{
      path: '/spec/image',
      message: `spec.image ${image} has a malformed digest '${ref.digest}'`,
      hint: `write the digest as sha256:<64 hex digits>, e.g. ${ref.repository}@sha256:…`,
    }];
  }
  const version = spec.version;
  const pin = version ? `${ref.repository}:${version}` : `${ref.repository}:<version>`;
  if (!ref.tag) {
    return [{
      path: '/spec/image',
      message: `spec.image ${image} has no tag: it means 'latest', which changes under the release`,
      hint: `pin the image: ${pin}, or by digest (@sha256:…)`,
    }];
  }
  if (ref.tag === 'latest') {
    return [{
      path: '/spec/image',
      message: `spec.image ${image} is tagged 'latest', which changes under the release`,
      hint: `pin the image: ${pin}, or by digest (@sha256:…)`,
    }];
  }
  if (ctx.params.tagMustEqualVersion && version !== undefined && ref.tag !== version) {
    return [{
      path: '/spec/image',
      message: `spec.image is tagged '${ref.tag}' but spec.version is '${version}': which one is released?`,
      hint: `tag the image with the version (${pin}), or pin it by digest`,
    }];
  }
  return [];
}
