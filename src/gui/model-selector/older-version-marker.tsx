import { sameDigest, shortDigest } from './format';
import { displayModelName } from './job-text';
import { useInstalledDigest } from './use-model-digest';

/** "earlier version": this answer was written by a version of its model that is no longer installed. */
export function OlderVersionMarker({ model, digest }: { model: string | null; digest: string | null }) {
  const installed = useInstalledDigest(digest ? model : null);
  if (!model || !digest || !installed || sameDigest(digest, installed)) return null;
  const title = `Generated with an earlier version of ${displayModelName(model)} (${shortDigest(digest)}); the installed version is ${shortDigest(installed)}.`;
  return (
    <span
      className="rounded-full border border-border px-1.5 text-[0.6875rem] leading-4 font-normal text-muted-foreground"
      title={title}
      data-testid="older-version-marker"
    >
      <span aria-hidden="true">earlier version</span>
      <span className="sr-only">{title}</span>
    </span>
  );
}
