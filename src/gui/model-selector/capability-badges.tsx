const SHOWN = ['image', 'vision', 'tools', 'thinking', 'embedding'] as const;

const TITLE: Record<(typeof SHOWN)[number], string> = {
  image: 'Makes images from a prompt',
  vision: 'Understands images',
  tools: 'Can call tools',
  thinking: 'Shows its reasoning',
  embedding: 'Embedding model (no chat)',
};

export function CapabilityBadges({ capabilities }: { capabilities: readonly string[] }) {
  const shown = SHOWN.filter((c) => capabilities.includes(c));
  if (shown.length === 0) return null;
  return (
    <span className="inline-flex flex-wrap gap-1">
      {shown.map((c) => (
        <span key={c} className="badge" data-capability={c} title={TITLE[c]}>
          {c}
        </span>
      ))}
    </span>
  );
}
