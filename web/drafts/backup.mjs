// The backup file: every draft (trash included) with its history, as one JSON
// document. JSON strings carry any JavaScript string exactly: CR LF, a
// byte-order mark, NUL and even lone surrogates (escaped as \uXXXX) come back
// code unit for code unit. Reading checks every field before anything is
// written, so a malformed or foreign file changes nothing.

export const BACKUP_FORMAT = 'issue-composer-backup';
export const BACKUP_VERSION = 1;

export class BackupError extends Error {
  constructor(message) {
    super(message);
    this.name = 'BackupError';
  }
}

// drafts: the store's records; history: its snapshots (any order).
export function writeBackup({ drafts, history }, now = new Date()) {
  const byDraft = new Map(drafts.map((draft) => [draft.id, []]));
  for (const { draftId, at, reason, text, revision } of history) {
    byDraft.get(draftId)?.push({ at, reason, text, revision });
  }
  const ordered = [...drafts].sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : 1));
  return JSON.stringify({
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exported: now.toISOString(),
    drafts: ordered.map((draft) => ({
      id: draft.id,
      name: draft.name,
      title: draft.title,
      number: draft.number,
      text: draft.text,
      created: draft.created,
      updated: draft.updated,
      revision: draft.revision,
      deletedAt: draft.deletedAt,
      history: byDraft.get(draft.id).sort((a, b) => a.at - b.at),
    })),
  }, null, 1);
}

// Line and column (1-based, in characters) of a string offset.
export function lineColumn(text, offset) {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 names the offset ("at position 12"), newer ones also line and column.
    const at = /line (\d+) column (\d+)/.exec(error.message);
    const position = /position (\d+)/.exec(error.message);
    const where = at ? { line: Number(at[1]), column: Number(at[2]) }
      : position ? lineColumn(text, Number(position[1])) : lineColumn(text, text.length);
    throw new BackupError(`This backup is not valid JSON (line ${where.line}, column ${where.column}): `
      + `${error.message.replace(/^[^:]*JSON[^:]*: /, '')}. Nothing was restored.`);
  }
}

const isString = (value) => typeof value === 'string';
const isTime = (value) => Number.isFinite(value) && value >= 0;
const isCount = (value) => Number.isInteger(value) && value >= 0;

const DRAFT_FIELDS = {
  id: (value) => isString(value) && value.length > 0 && value.length <= 200,
  name: isString,
  title: isString,
  number: (value) => value === null || Number.isInteger(value),
  text: isString,
  created: isTime,
  updated: isTime,
  revision: (value) => isCount(value) && value > 0,
  deletedAt: (value) => value === null || isTime(value),
};
const SNAPSHOT_FIELDS = {
  at: isTime,
  reason: isString,
  text: isString,
  revision: (value) => value === null || isCount(value),
};

function checkFields(object, fields, where) {
  if (object === null || typeof object !== 'object' || Array.isArray(object)) {
    throw new BackupError(`${where} is not an object. Nothing was restored.`);
  }
  for (const [key, valid] of Object.entries(fields)) {
    if (!valid(object[key])) {
      throw new BackupError(`${where}.${key} is ${key in object ? 'invalid' : 'missing'}. Nothing was restored.`);
    }
  }
}

// Parses and checks a backup; resolves to { exported, drafts: [{...draft,
// history: [...]}] } or throws a BackupError that says what is wrong.
export function readBackup(text) {
  const data = parseJson(text);
  if (data === null || typeof data !== 'object' || data.format !== BACKUP_FORMAT) {
    throw new BackupError('This file is not an Issue Composer backup (it has no "format": '
      + `"${BACKUP_FORMAT}"). Nothing was restored.`);
  }
  if (data.version !== BACKUP_VERSION) {
    throw new BackupError(`This backup has version ${JSON.stringify(data.version)}; this Issue Composer reads `
      + `version ${BACKUP_VERSION}. Nothing was restored.`);
  }
  if (!Array.isArray(data.drafts)) throw new BackupError('This backup has no list of drafts. Nothing was restored.');
  const ids = new Set();
  const drafts = data.drafts.map((draft, index) => {
    const where = `drafts[${index}]`;
    checkFields(draft, DRAFT_FIELDS, where);
    if (ids.has(draft.id)) throw new BackupError(`${where}.id repeats another draft's id. Nothing was restored.`);
    ids.add(draft.id);
    if (!Array.isArray(draft.history)) throw new BackupError(`${where}.history is missing. Nothing was restored.`);
    const history = draft.history.map((entry, at) => {
      checkFields(entry, SNAPSHOT_FIELDS, `${where}.history[${at}]`);
      return { at: entry.at, reason: entry.reason, text: entry.text, revision: entry.revision };
    });
    const record = Object.fromEntries(Object.keys(DRAFT_FIELDS).map((key) => [key, draft[key]]));
    return { ...record, history };
  });
  return { exported: data.exported, drafts };
}
