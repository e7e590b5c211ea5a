const IDEAS = [
  {
    title: 'Explain something',
    text: 'Explain how a rainbow forms, as if I were ten years old.',
  },
  {
    title: 'Write some code',
    text: 'Write a Python function that checks whether a string is a palindrome, with a few tests.',
  },
  {
    title: 'Improve a text',
    text: 'Rewrite this to be clearer and shorter:\n\n',
  },
];

/** The empty state of a first visit: what this is and three things to try. */
export function Welcome({ firstVisit, onPick }: { firstVisit: boolean; onPick: (text: string) => void }) {
  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col items-center px-4 text-center" data-testid="welcome">
      <h1 className="mt-0 mb-2 text-2xl font-semibold">
        {firstVisit ? 'Welcome to Ollama Chat' : 'What can I help with?'}
      </h1>
      {firstVisit && (
        <p className="mt-0 mb-6 max-w-xl text-muted-foreground">
          Chat with the models on your own machine — nothing leaves it. Pick a model above, then try one of these:
        </p>
      )}
      <div className={`grid w-full gap-3 sm:grid-cols-3 ${firstVisit ? '' : 'mt-4'}`}>
        {IDEAS.map((idea) => (
          <button
            key={idea.title}
            type="button"
            className="flex flex-col justify-start rounded-xl border border-border p-4 text-left text-sm hover:bg-muted"
            onClick={() => onPick(idea.text)}
            data-testid="suggestion"
          >
            <span className="block font-medium">{idea.title}</span>
            <span className="mt-1 block text-muted-foreground">{idea.text.trim()}</span>
          </button>
        ))}
      </div>
      {firstVisit && (
        <p className="mt-6 text-sm text-muted-foreground">
          Tip: paste or drop an image to ask about it (needs a model with the “vision” badge). Press{' '}
          <kbd className="kbd">?</kbd> for keyboard shortcuts.
        </p>
      )}
    </div>
  );
}
