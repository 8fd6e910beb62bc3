// An upload the form's limits stop before it is stored, as a coded reason (core/report-errors.ts):
// the page says it in the editor's language, the log keeps multer's own code beside it.
import multer from 'multer';
import { coded, type Reason } from '../core/report-errors';
import { MAX_UPLOAD_BYTES } from '../indexer/formats/detect';

export const MAX_UPLOAD_FILES = 10;

/** Why multer stopped an upload, for each of its codes. */
const LIMITS: Record<multer.ErrorCode, (field: string) => Reason> = {
  LIMIT_FILE_SIZE: () => coded('upload-file-too-large', { mb: MAX_UPLOAD_BYTES / 1024 / 1024 }),
  LIMIT_FILE_COUNT: () => coded('upload-too-many-files', { max: MAX_UPLOAD_FILES }),
  LIMIT_PART_COUNT: () => coded('upload-too-many-parts'),
  LIMIT_FIELD_COUNT: () => coded('upload-too-many-fields'),
  LIMIT_FIELD_KEY: () => coded('upload-field-name-too-long'),
  LIMIT_FIELD_VALUE: (field) => coded('upload-field-too-long', { field }),
  LIMIT_UNEXPECTED_FILE: (field) => coded('upload-unexpected-file', { field }),
  MISSING_FIELD_NAME: () => coded('upload-field-unnamed'),
};

/** The reason an upload was stopped by one of the form's limits; an unknown code as multer says it. */
export function uploadLimit(err: multer.MulterError): Reason {
  const reason = Object.hasOwn(LIMITS, err.code) ? LIMITS[err.code] : null;
  return reason ? reason(err.field ?? '') : { reason: `${err.code}: ${err.message}` };
}
