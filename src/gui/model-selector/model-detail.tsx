import { useQueryClient } from '@tanstack/react-query';
import { type KeyboardEvent, useId, useRef, useState } from 'react';
import { ApiError, addChatToList, api, errorText, useModelDetails, useModels } from '../api';
import { CodeText } from '../ui/code-text';
import { NewChatIcon } from '../ui/icons';
import { ChevronLeftIcon, TrashIcon } from '../ui/icons-later';
import { navigate, onLinkClick } from '../ui/router';
import { showToast } from '../ui/toast-store';
import { CapabilityBadges } from './capability-badges';
import { CheckUpdatesButton } from './check-updates';
import { DeleteModelDialog } from './delete-model';
import { formatBytes, formatExpiry, formatRelativeDate, processorSplit, shortDigest, splitModelName } from './format';
import { ImagePerformance } from './image-performance';
import { JobList } from './job-card';
import { displayModelName } from './job-text';
import { useVisibleJobs } from './jobs-store';
import { ModelInfoPanel } from './model-info-panel';
import { findModel, sameModel } from './model-names';
import { ModelPerformance } from './model-performance';
import { ModelPreferencesForm } from './model-preferences';
import { useDeleteModel, useLoadModel, useRunningModels, useUnloadModel } from './model-queries';
import { ModelVersionsList } from './model-versions';
import { PullForm } from './pull-form';
import { useNow } from './use-now';

const TABS = [
  { id: 'details', label: 'Details' },
  { id: 'versions', label: 'Versions' },
  { id: 'performance', label: 'Performance' },
] as const;
type TabId = (typeof TABS)[number]['id'];

function initialTab(): TabId {
  const hash = typeof window !== 'undefined' ? window.location.hash.slice(1) : '';
  return TABS.some((t) => t.id === hash) ? (hash as TabId) : 'details';
}

/** Loaded or not, where, until when; Load / Unload. */
function MemoryStatus({ name }: { name: string }) {
  const running = useRunningModels();
  const unload = useUnloadModel();
  const load = useLoadModel();
  const loaded = running.data?.models.find((m) => sameModel(m.name, name));
  const now = useNow(1000, !!loaded);
  if (!running.isSuccess) return null;
  return (
    <div
      className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-xl bg-muted px-3 py-2 text-sm"
      data-testid="memory-status"
    >
      {loaded ? (
        <>
          <span className="inline-flex items-center gap-1.5 font-medium">
            <span className="h-2 w-2 rounded-full bg-success" aria-hidden="true" /> Loaded
          </span>
          <span className="text-muted-foreground">
            {formatBytes(loaded.size)} · {processorSplit(loaded.size, loaded.sizeVram)}
            {loaded.contextLength ? ` · ${loaded.contextLength.toLocaleString()} ctx` : ''} ·{' '}
            {formatExpiry(loaded.expiresAt, now) === 'Forever'
              ? 'stays loaded: Forever'
              : `unloads in ${formatExpiry(loaded.expiresAt, now)}`}
          </span>
          <button
            type="button"
            className="btn ml-auto !py-1 !text-xs"
            onClick={() =>
              unload.mutate(loaded.name, {
                onError: (error) => showToast('error', errorText(error)),
              })
            }
            disabled={unload.isPending}
            data-testid="unload-button"
          >
            Unload
          </button>
        </>
      ) : (
        <>
          <span className="inline-flex items-center gap-1.5 font-medium">
            <span className="h-2 w-2 rounded-full bg-muted-foreground/50" aria-hidden="true" /> Not loaded
          </span>
          <span className="text-muted-foreground">It loads when you chat with it.</span>
          <button
            type="button"
            className="btn ml-auto !py-1 !text-xs"
            onClick={() =>
              load.mutate(name, {
                onError: (error) => showToast('error', errorText(error)),
              })
            }
            disabled={load.isPending}
            data-testid="load-button"
          >
            {load.isPending ? 'Loading…' : 'Load now'}
          </button>
        </>
      )}
    </div>
  );
}

/** One model: facts, actions (new chat, updates, delete), and tabs for details, versions and performance. */
export function ModelDetail({ name }: { name: string }) {
  const queryClient = useQueryClient();
  const models = useModels();
  const details = useModelDetails(name);
  const remove = useDeleteModel();
  const [tab, setTab] = useState<TabId>(initialTab);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const jobs = useVisibleJobs(name);
  const tabsId = useId();
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);

  const summary = findModel(models.data?.models, name);
  const notInstalled =
    (models.isSuccess && !summary && !details.isSuccess) ||
    (details.error instanceof ApiError && details.error.status === 404 && !summary);
  const { base, tag } = splitModelName(summary?.name ?? name);

  const selectTab = (id: TabId) => {
    setTab(id);
    window.history.replaceState(null, '', `${window.location.pathname}${id === 'details' ? '' : `#${id}`}`);
  };
  const onTabKey = (event: KeyboardEvent, index: number) => {
    const next =
      event.key === 'ArrowRight'
        ? index + 1
        : event.key === 'ArrowLeft'
          ? index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? TABS.length - 1
              : null;
    if (next === null) return;
    event.preventDefault();
    const i = (next + TABS.length) % TABS.length;
    const t = TABS[i];
    if (!t) return;
    selectTab(t.id);
    tabRefs.current[i]?.focus();
  };

  const startChat = async () => {
    try {
      const chat = await api.createChat({ model: summary?.name ?? name });
      addChatToList(queryClient, chat);
      navigate({ name: 'chat', chatId: chat.id });
    } catch (error) {
      showToast('error', errorText(error));
    }
  };

  const doDelete = () => {
    setConfirmDelete(false);
    const target = summary?.name ?? name;
    remove.mutate(target, {
      onSuccess: (result) => {
        const n = result.chatsUsingIt.length;
        showToast(
          'success',
          `Deleted ${displayModelName(target)}.${n ? ` ${n} chat${n === 1 ? '' : 's'} will need another model.` : ''}`,
        );
        navigate({ name: 'models' }, { replace: true });
      },
      onError: (error) => showToast('error', errorText(error)),
    });
  };

  return (
    <div className="mx-auto max-w-6xl px-4 py-5" data-testid="model-detail" data-model={name}>
      <a
        href="/models"
        className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
        onClick={(e) => onLinkClick(e, { name: 'models' })}
      >
        <ChevronLeftIcon size={16} /> All models
      </a>

      <div className="mt-2 flex flex-wrap items-start gap-3">
        <div className="min-w-0 flex-1">
          <h1 className="m-0 flex flex-wrap items-center gap-2 text-xl font-semibold">
            <span className="break-all">{base}</span>
            <span className="rounded bg-accent-soft px-1.5 font-mono text-sm font-normal text-accent">{tag}</span>
            {summary && <CapabilityBadges capabilities={summary.capabilities} />}
          </h1>
          {summary && (
            <p className="m-0 mt-1 text-sm text-muted-foreground">
              {[
                summary.parameterSize,
                summary.quantization,
                summary.family,
                formatBytes(summary.size),
                summary.contextLength ? `${summary.contextLength.toLocaleString()} context` : null,
                `modified ${formatRelativeDate(summary.modifiedAt, Date.now())}`,
              ]
                .filter(Boolean)
                .join(' · ')}{' '}
              ·{' '}
              <span className="font-mono text-xs" title={summary.digest}>
                {shortDigest(summary.digest)}
              </span>
            </p>
          )}
        </div>
        {!notInstalled && (
          <div className="flex flex-wrap gap-2">
            {summary?.canChat !== false && (
              <button type="button" className="btn" onClick={startChat} data-testid="new-chat-with-model">
                <NewChatIcon size={15} /> New chat
              </button>
            )}
            <CheckUpdatesButton model={summary?.name ?? name} />
            <button
              type="button"
              className="btn text-danger"
              onClick={() => setConfirmDelete(true)}
              disabled={remove.isPending}
              data-testid="delete-model"
            >
              <TrashIcon size={15} /> {remove.isPending ? 'Deleting…' : 'Delete'}
            </button>
          </div>
        )}
      </div>

      {jobs.length > 0 && (
        <div className="mt-4">
          <JobList jobs={jobs} />
        </div>
      )}

      {notInstalled ? (
        <div className="mt-6 rounded-xl border border-border p-5" role="status">
          <p className="m-0 font-medium">“{name}” isn't installed.</p>
          <p className="mt-1 mb-3 text-sm text-muted-foreground">Pull it to use it:</p>
          <PullForm initialName={name} />
        </div>
      ) : (
        <>
          <div className="mt-4">
            <MemoryStatus name={summary?.name ?? name} />
          </div>
          <div role="tablist" aria-label="Model information" className="mt-5 flex gap-1 border-b border-border">
            {TABS.map((t, i) => (
              <button
                key={t.id}
                ref={(el) => {
                  tabRefs.current[i] = el;
                }}
                type="button"
                role="tab"
                id={`${tabsId}-tab-${t.id}`}
                aria-selected={tab === t.id}
                aria-controls={`${tabsId}-panel`}
                tabIndex={tab === t.id ? 0 : -1}
                className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${
                  tab === t.id
                    ? 'border-accent text-foreground'
                    : 'border-transparent text-muted-foreground hover:text-foreground'
                }`}
                onClick={() => selectTab(t.id)}
                onKeyDown={(e) => onTabKey(e, i)}
                data-testid={`tab-${t.id}`}
              >
                {t.label}
              </button>
            ))}
          </div>
          <div
            id={`${tabsId}-panel`}
            role="tabpanel"
            aria-labelledby={`${tabsId}-tab-${tab}`}
            className="pt-4"
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a tab panel is focusable per the ARIA tabs pattern
            tabIndex={0}
          >
            {tab === 'details' && (
              <>
                {details.isError && !(details.error instanceof ApiError && details.error.status === 404) ? (
                  <p className="text-sm text-danger" role="alert">
                    <CodeText text={errorText(details.error)} />
                  </p>
                ) : (
                  <ModelInfoPanel name={summary?.name ?? name} expanded />
                )}
                <ModelPreferencesForm name={summary?.name ?? name} />
              </>
            )}
            {tab === 'versions' && <ModelVersionsList name={summary?.name ?? name} />}
            {tab === 'performance' && <ModelPerformance name={summary?.name ?? name} />}
            {tab === 'performance' && <ImagePerformance name={summary?.name ?? name} />}
          </div>
        </>
      )}

      {confirmDelete && (
        <DeleteModelDialog
          name={summary?.name ?? name}
          size={summary?.size ?? null}
          onConfirm={doDelete}
          onCancel={() => setConfirmDelete(false)}
        />
      )}
    </div>
  );
}
