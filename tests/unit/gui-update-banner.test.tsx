// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FloatingBanners, runsOtherBuild, UpdateBanner } from '../../src/gui/app/status-banner';
import type { HealthState } from '../../src/gui/app/use-health';
import type { Health } from '../../src/shared/api';

afterEach(cleanup);

const health = (gui: string | null): Health => ({
  ok: true,
  version: '0.1.0',
  gui,
  ollama: { reachable: true, version: '0.12.0', host: 'http://127.0.0.1:11434', error: null },
});
const ok = (gui: string | null): HealthState => ({ kind: 'ok', health: health(gui) });
const PAGE = '/assets/index-Old1.js';

describe('runsOtherBuild', () => {
  it('is true only when both builds are known and differ', () => {
    expect(runsOtherBuild(ok('/assets/index-New2.js'), PAGE)).toBe(true);
    expect(runsOtherBuild(ok(PAGE), PAGE)).toBe(false);
    // The server serves no GUI (API only), or the page is Vite's dev server: nothing to compare.
    expect(runsOtherBuild(ok(null), PAGE)).toBe(false);
    expect(runsOtherBuild(ok('/assets/index-New2.js'), null)).toBe(false);
    // A server from before `gui` (a downgrade) sends none at all.
    const older = { kind: 'ok', health: { ...health(null), gui: undefined } } as unknown as HealthState;
    expect(runsOtherBuild(older, PAGE)).toBe(false);
    // Ollama being down does not hide an update: the server answered with its build.
    const down = (gui: string): HealthState => ({ kind: 'ollama-down', health: health(gui), retryInMs: 1000 });
    expect(runsOtherBuild(down('/assets/index-New2.js'), PAGE)).toBe(true);
    expect(runsOtherBuild(down(PAGE), PAGE)).toBe(false);
    // While our server is away there is no build to compare.
    expect(runsOtherBuild({ kind: 'server-down', retryInMs: 1000 }, PAGE)).toBe(false);
    expect(runsOtherBuild({ kind: 'unknown' }, PAGE)).toBe(false);
  });
});

describe('UpdateBanner', () => {
  it('offers Reload when the server serves another build, and Later puts it away', () => {
    const { rerender } = render(<UpdateBanner state={ok('/assets/index-New2.js')} pageBuild={PAGE} />);
    const banner = screen.getByTestId('update-banner');
    expect(banner.textContent).toContain('Ollama Chat was updated');
    expect(screen.getByRole('button', { name: 'Reload' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Later' }));
    expect(screen.queryByTestId('update-banner')).toBeNull();
    // Later holds for this page, across further health checks.
    rerender(<UpdateBanner state={ok('/assets/index-New3.js')} pageBuild={PAGE} />);
    expect(screen.queryByTestId('update-banner')).toBeNull();
  });

  it('shows nothing when the page runs the served build', () => {
    render(<UpdateBanner state={ok(PAGE)} pageBuild={PAGE} />);
    expect(screen.queryByTestId('update-banner')).toBeNull();
  });
});

describe('FloatingBanners', () => {
  it('stacks the update under the Ollama banner when both apply', () => {
    const state: HealthState = {
      kind: 'ollama-down',
      health: { ...health('/assets/index-New2.js'), ollama: { ...health(null).ollama, reachable: false } },
      retryInMs: 1000,
    };
    render(<FloatingBanners state={state} onRetry={() => {}} pageBuild={PAGE} />);
    const down = screen.getByTestId('ollama-banner');
    expect(down.textContent).toContain('is not reachable');
    // Same column, Ollama's first: neither covers the other.
    const update = screen.getByTestId('update-banner');
    expect(update.parentElement).toBe(down.parentElement);
    expect(down.compareDocumentPosition(update) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });
});
