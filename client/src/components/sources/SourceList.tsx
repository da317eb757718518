/**
 * The analysis's source library as a table: title (opens the source), kind, publisher, dates, the
 * reliability badge and how many passages rows cite; add a source, archive or restore one.
 */
import { type FormEvent, useId, useState } from "react";
import { titleSchema } from "../../../../shared/schema/fields";
import type { Source } from "../../../../shared/schema/sources";
import { SOURCE_KIND_LABELS, type SourceKind } from "../../../../shared/schema/vocabulary";
import type { SourceLibrary } from "../../hooks/useSourceLibrary";
import { plainValidationMessage } from "../../lib/validationMessage";
import { Link } from "../../routes/router";
import { Button } from "../../ui/Button";
import { Checkbox } from "../../ui/Checkbox";
import { EmptyState } from "../../ui/EmptyState";
import { Field } from "../../ui/Field";
import { Input } from "../../ui/Input";
import { ReliabilityBadge } from "./ReliabilityBadge";
import { SourceKindField } from "./SourceKindField";
import { sourceHref } from "./sourceLinks";

export function SourceList(props: {
  readonly analysisId: string;
  readonly library: SourceLibrary;
  readonly readOnly: boolean;
  readonly onCreated: (id: string) => void;
}) {
  const { analysisId, library, readOnly } = props;
  const [showArchived, setShowArchived] = useState(false);
  const shown = library.sources.filter((s) => showArchived || !s.archived);
  const archivedCount = library.sources.filter((s) => s.archived).length;
  return (
    <section className="card sources-card" aria-label="Sources">
      {!readOnly && (
        <AddSourceForm onAdd={(title, kind) => props.onCreated(library.addSource({ title, kind }))} />
      )}
      {archivedCount > 0 && (
        <Checkbox checked={showArchived} onCheckedChange={setShowArchived}>
          Show archived sources ({archivedCount})
        </Checkbox>
      )}
      {shown.length === 0 ? (
        <EmptyState title="No sources yet" compact testId="sources-empty">
          {readOnly
            ? "The analysts have not added any source."
            : "Add the articles, posts, videos and statements the evidence rests on. Paste or import their text, then cite passages in evidence rows."}
        </EmptyState>
      ) : (
        <div className="sources-table-wrap">
          <table className="sources-table" data-testid="sources-table">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Kind</th>
                <th scope="col">Publisher or author</th>
                <th scope="col">Published</th>
                <th scope="col">Retrieved</th>
                <th scope="col">Reliability</th>
                <th scope="col" className="num">
                  Citations
                </th>
                {!readOnly && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {shown.map((s) => (
                <SourceRow
                  key={s.id}
                  analysisId={analysisId}
                  source={s}
                  citations={library.bySource.get(s.id)?.length ?? 0}
                  readOnly={readOnly}
                  onArchive={(archived) => library.setArchived(s.id, archived)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function SourceRow(props: {
  readonly analysisId: string;
  readonly source: Source;
  readonly citations: number;
  readonly readOnly: boolean;
  readonly onArchive: (archived: boolean) => void;
}) {
  const { source: s } = props;
  return (
    <tr className={s.archived ? "is-archived" : undefined} data-testid={`source-row-${s.id}`}>
      <th scope="row">
        <Link href={sourceHref(props.analysisId, s.id)} className="source-title-link">
          {s.title}
        </Link>
        {s.archived && <span className="muted"> (archived)</span>}
      </th>
      <td>{SOURCE_KIND_LABELS[s.kind]}</td>
      <td className="truncate-cell" title={s.publisher}>
        {s.publisher}
      </td>
      <td className="nowrap">{s.publishedAt}</td>
      <td className="nowrap">{s.retrievedAt}</td>
      <td>
        <ReliabilityBadge grade={s.reliability} />
      </td>
      <td className="num" data-testid={`source-citations-${s.id}`}>
        {props.citations}
      </td>
      {!props.readOnly && (
        <td>
          <Button size="sm" variant="ghost" onClick={() => props.onArchive(!s.archived)}>
            {s.archived ? "Restore" : "Archive"}
          </Button>
        </td>
      )}
    </tr>
  );
}

function AddSourceForm({ onAdd }: { readonly onAdd: (title: string, kind: SourceKind) => void }) {
  const id = useId();
  const [title, setTitle] = useState("");
  const [kind, setKind] = useState<SourceKind>("article");
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const r = titleSchema.safeParse(title);
    if (!r.success) {
      setError(plainValidationMessage("title", r.error));
      return;
    }
    onAdd(r.data, kind);
    setTitle("");
  };
  return (
    <form className="add-source" onSubmit={submit} noValidate aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="visually-hidden">
        Add a source
      </h2>
      <Field label="New source title" error={error}>
        {(p) => (
          <Input
            {...p}
            value={title}
            placeholder="e.g. Ministry statement of 3 May"
            data-testid="new-source-title"
            onChange={(e) => {
              setTitle(e.target.value);
              setError(null);
            }}
          />
        )}
      </Field>
      <SourceKindField value={kind} onChange={setKind} />
      <Button type="submit" variant="primary" data-testid="add-source">
        Add source
      </Button>
    </form>
  );
}
