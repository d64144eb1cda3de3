package dev.releasepolicy.executor.notify;

import dev.releasepolicy.core.secret.Redactor;
import java.util.List;

/** Tells people about release events; never throws for delivery problems, it returns them. */
public interface Notifier {

    /** A notifier with no targets. */
    Notifier NONE = new Notifier() {
        @Override
        public List<DeliveryResult> notify(Notification notification) {
            return List.of();
        }

        @Override
        public Redactor redactor() {
            return Redactor.none();
        }
    };

    /** Sends the notification to every target that wants its event; one result per target tried. */
    List<DeliveryResult> notify(Notification notification);

    /** A redactor that knows this notifier's secrets (URL tokens, header values), for logs and audit. */
    Redactor redactor();
}
