import { errorText } from '../api';
import { CodeText } from '../ui/code-text';
import { formatDateTime, shortDigest } from './format';
import { useModelVersions } from './model-queries';

/** Every digest this app has seen for the model, newest first. */
export function ModelVersionsList({ name }: { name: string }) {
  const versions = useModelVersions(name);
  if (versions.isPending) return <p className="text-sm text-muted-foreground">Loading versions…</p>;
  if (versions.isError) {
    return (
      <p className="text-sm text-danger" role="alert">
        <CodeText text={errorText(versions.error)} />
      </p>
    );
  }
  const list = [...versions.data.versions].sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
  return (
    <div data-testid="model-versions">
      <p className="mt-0 mb-3 text-sm text-muted-foreground">
        {list.length <= 1
          ? 'Only one version seen so far. When the model is updated, earlier versions are listed here, and answers they wrote are marked in your chats.'
          : `${list.length} versions seen. Answers written by an earlier version are marked in your chats.`}
      </p>
      <div className="overflow-x-auto rounded-xl border border-border">
        <table className="w-full border-collapse text-sm">
          <thead>
            <tr className="border-b border-border text-left text-xs text-muted-foreground">
              <th className="px-3 py-2 font-medium">Digest</th>
              <th className="px-3 py-2 font-medium">First seen</th>
              <th className="px-3 py-2 font-medium">Last seen</th>
              <th className="px-3 py-2 font-medium">
                <span className="sr-only">Status</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((v) => (
              <tr
                key={v.digest}
                className="border-b border-border last:border-0"
                data-testid="model-version"
                data-current={v.current}
              >
                <td className="px-3 py-2 font-mono text-xs" title={v.digest}>
                  {shortDigest(v.digest)}
                </td>
                <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(v.firstSeen)}</td>
                <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(v.lastSeen)}</td>
                <td className="px-3 py-2">
                  {v.current && <span className="badge !bg-accent-soft !text-accent">current</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
