// What a permalink to a measure that no longer exists answers: its report was removed (and when), or
// the report was re-chunked and the measure's id changed.
import type { Request } from 'express';
import type { DocMeta, SearchBackend } from '../core/types';
import { docIdOfChunk } from '../core/ids';
import type { Problem } from './problems';

/** When a report left the knowledge base (YYYY-MM-DD), or null when it never was in it or is still there. */
export type RemovedOn = (docId: string) => string | null;

export async function missingMeasure(req: Request, backend: SearchBackend, id: string): Promise<{ problem: Problem; doc: DocMeta | null }> {
  const docId = docIdOfChunk(id);
  const doc = await backend.getDoc(docId);
  const removedOn = doc ? null : ((req.app.locals.removedOn as RemovedOn | undefined)?.(docId) ?? null);
  return { doc, problem: removedOn ? { code: 'report-removed', id, docId, removedOn } : { code: 'no-measure', id, docId } };
}
