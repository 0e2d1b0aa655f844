// The OCR service's accuracy and speed on generated headers: a 300-pupil roster (accents, compound
// surnames, homonyms), 150 header crops with noise, blur and slight rotation, read by the service's
// own pipeline (preprocessing, the form's comb rows read line by line by 2 tesseract.js workers,
// field extraction) and matched as one exam; the same crops through the native `tesseract` command
// as the reference, in the same run. Besides headers/s (which depends on what else the machine
// runs), CPU time per header of the whole process (main thread + worker threads) is reported.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type HeaderFields } from '@gradeline/contracts';
import { createRandom, generateHeaderImage, generateRoster, randomUuid, type RosterStudent } from '@gradeline/testing';
// A benchmark measures the service's own code; it is not another service importing it.
import { matchExam, type CopyMatch } from '../../../../services/ocr/src/modules/matching/exam-matcher';
import { DEFAULT_MATCH_SETTINGS, type MatchSettings } from '../../../../services/ocr/src/modules/matching/settings';
import { extractHeaderFields } from '../../../../services/ocr/src/modules/reading/header-fields';
import { prepareHeader } from '../../../../services/ocr/src/modules/reading/header-image';
import { recogniseHeader } from '../../../../services/ocr/src/modules/reading/header-ocr';
import { TesseractPool } from '../../../../services/ocr/src/modules/reading/tesseract-pool';
import { type Figure, round, type Suite, timed } from '../harness';

const run = promisify(execFile);
/** CPU milliseconds used so far by this process, all threads (the OCR workers are threads of it). */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const CLASSES = ['3A', '3B', '3C', '3D', '3E', '3F', '3G', '3H', '3I', '3J'];

interface Crop {
  /** The pupil written in the header; null for a pupil the roster does not have. */
  truth: string | null;
  image: Buffer;
}

function roster(): Array<RosterStudent & { id: string }> {
  const random = createRandom(42, 1);
  const students = generateRoster({ count: 294, seed: 42, classes: CLASSES, homonyms: 10, nearHomonyms: 10 }).map((s) => ({ ...s, id: randomUuid(random) }));
  // Three true homonyms (same name and birth date, as twins' cousins can be): never AUTO.
  const twins = [5, 77, 150].map((i) => ({ ...students[i]!, id: randomUuid(random), className: CLASSES[(i + 3) % CLASSES.length]! }));
  return [...students, ...twins];
}

/** 150 pupils of the roster, then 20 strangers (another school's): AUTO must never pick anyone for them. */
async function crops(students: Array<RosterStudent & { id: string }>): Promise<Crop[]> {
  const random = createRandom(42, 2);
  const strangers = generateRoster({ count: 20, seed: 99, classes: CLASSES, homonyms: 0, nearHomonyms: 0 }).map((s) => ({ ...s, id: null }));
  const chosen = [...random.shuffle(students).slice(0, 150), ...strangers];
  return Promise.all(
    chosen.map(async (s, i) => ({
      truth: s.id,
      image: await generateHeaderImage({ student: s, seed: 1000 + i, noise: random.range(0.1, 0.4), blur: random.range(0, 1), rotationDeg: 1, ocrSlip: i % 10 === 0 }),
    })),
  );
}

async function inParallel<T>(items: T[], lanes: number, work: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  }));
}

interface Accuracy {
  auto: number;
  autoCorrect: number;
  suggest: number;
  suggestTop3: number;
  manual: number;
}

function accuracy(results: CopyMatch[], cropsRead: Crop[]): Accuracy {
  const a: Accuracy = { auto: 0, autoCorrect: 0, suggest: 0, suggestTop3: 0, manual: 0 };
  results.forEach((r, i) => {
    const truth = cropsRead[i]!.truth;
    if (truth === null) {
      if (r.decision === 'AUTO') a.auto++; // always wrong: this pupil is not in the roster
      return;
    }
    if (r.decision === 'AUTO') {
      a.auto++;
      if (r.studentId === truth) a.autoCorrect++;
    } else if (r.decision === 'SUGGEST') {
      a.suggest++;
      if (r.candidates.slice(0, 3).some((c) => c.studentId === truth)) a.suggestTop3++;
    } else a.manual++;
  });
  return a;
}

function match(fields: HeaderFields[], students: Array<RosterStudent & { id: string }>, settings: MatchSettings = DEFAULT_MATCH_SETTINGS): CopyMatch[] {
  return matchExam({
    copies: fields.map((f, i) => ({ copyId: String(i), fields: f, rejectedStudentIds: [] })),
    students: students.map((s) => ({ id: s.id, lastName: s.lastName, firstName: s.firstName, birthDate: s.birthDate })),
    takenStudentIds: new Set(),
    settings,
  });
}

const pct = (part: number, whole: number) => (whole === 0 ? 100 : round((100 * part) / whole, 1));

function accuracyFigures(label: string, a: Accuracy, total: number, goals: boolean): Figure[] {
  return [
    { name: `${label}: AUTO precision (${a.autoCorrect}/${a.auto})`, value: pct(a.autoCorrect, a.auto), unit: '%', ...(goals ? { goal: '100%', met: a.autoCorrect === a.auto } : {}) },
    { name: `${label}: AUTO recall (${a.autoCorrect}/${total})`, value: pct(a.autoCorrect, total), unit: '%', ...(goals ? { goal: '≥ 90%', met: a.autoCorrect / total >= 0.9 } : {}) },
    { name: `${label}: SUGGEST with the pupil in the top 3 (${a.suggestTop3}/${a.suggest})`, value: pct(a.suggestTop3, a.suggest), unit: '%' },
    { name: `${label}: MANUAL`, value: a.manual, unit: 'copies' },
  ];
}

/** The same crops through the native tesseract command (fra, psm 4), two processes at once. */
async function nativeTesseract(all: Crop[]): Promise<{ seconds: number; fields: HeaderFields[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gl-bench-ocr-'));
  try {
    all.forEach((c, i) => fs.writeFileSync(path.join(dir, `${i}.png`), c.image));
    const fields: HeaderFields[] = [];
    const seconds = await timed(() =>
      inParallel(all, 2, async (_c, i) => {
        const { stdout } = await run('tesseract', [path.join(dir, `${i}.png`), '-', '-l', 'fra', '--psm', '4'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
        fields[i] = extractHeaderFields(stdout);
      }),
    );
    return { seconds, fields };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function thresholdSweep(fields: HeaderFields[], students: Array<RosterStudent & { id: string }>, all: Crop[]): string {
  const rows: string[] = [];
  for (const [autoMinScore, autoMinMargin, autoMinNameScore] of [[0.8, 0, 0.8], [0.8, 0.05, 0.8], [0.8, 0.1, 0.8], [0.8, 0.15, 0.8], [0.8, 0.2, 0.8], [0.8, 0.15, 0.6], [0.8, 0.15, 0.9], [0.95, 0.15, 0.8]] as const) {
    {
      const settings = { ...DEFAULT_MATCH_SETTINGS, thresholds: { ...DEFAULT_MATCH_SETTINGS.thresholds, autoMinScore, autoMinMargin, autoMinNameScore } };
      const a = accuracy(match(fields, students, settings), all);
      rows.push(`score≥${autoMinScore} margin≥${autoMinMargin} name≥${autoMinNameScore}: precision ${pct(a.autoCorrect, a.auto)}%, recall ${pct(a.autoCorrect, all.filter((c) => c.truth).length)}%`);
    }
  }
  return rows.join('; ');
}

const suite: Suite = {
  name: 'ocr',
  description: '170 header crops (150 roster pupils + 20 strangers) vs a 297-pupil roster: accuracy (AUTO precision/recall, top-3) and headers/s, tesseract.js vs native tesseract',
  async run(ctx) {
    const loadAtStart = os.loadavg()[0] ?? 0;
    const students = roster();
    const all = await crops(students);
    ctx.log(`${students.length} students, ${all.length} crops generated (${all.length - 150} of pupils not in the roster)`);
    const pool = new TesseractPool({ workers: 2 });
    const warm = await timed(() => pool.start());
    const fields: HeaderFields[] = [];
    let seconds = 0;
    const cpuBefore = cpuMs();
    try {
      seconds = await timed(() =>
        inParallel(all, 2, async (c, i) => {
          fields[i] = extractHeaderFields((await recogniseHeader(pool, await prepareHeader(c.image))).text);
        }),
      );
    } finally {
      await pool.stop();
    }
    const cpuPerHeader = (cpuMs() - cpuBefore) / all.length;
    const prepareBefore = cpuMs();
    for (const c of all) await prepareHeader(c.image);
    const preparePerHeader = (cpuMs() - prepareBefore) / all.length;
    ctx.log(`tesseract.js: ${round(all.length / seconds)} headers/s, ${round(cpuPerHeader, 1)} ms CPU per header (preprocessing ${round(preparePerHeader, 1)} ms)`);
    const inRoster = all.filter((c) => c.truth !== null).length;
    const ours = accuracy(match(fields, students), all);
    // The native reference needs Debian's tesseract-ocr and tesseract-ocr-fra; without them the
    // suite still reports tesseract.js and says the reference is missing.
    const native = await nativeTesseract(all).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      ctx.log('native tesseract: not installed (apt install tesseract-ocr tesseract-ocr-fra), no reference this run');
      return null;
    });
    if (native) ctx.log(`native tesseract: ${round(all.length / native.seconds)} headers/s`);
    const reference = native ? accuracy(match(native.fields, students), all) : null;
    const sweep = thresholdSweep(fields, students, all);
    ctx.log(`threshold sweep: ${sweep}`);
    ctx.log(`tesseract.js ${JSON.stringify(ours)}; native ${JSON.stringify(reference)}`);
    const exactFields = fields.filter((f, i) => f.birthDate === students.find((x) => x.id === all[i]!.truth)?.birthDate).length;
    return [
      ...accuracyFigures('tesseract.js', ours, inRoster, true),
      { name: 'tesseract.js: birth dates read exactly (roster pupils)', value: pct(exactFields, inRoster), unit: '%' },
      { name: 'tesseract.js + preprocessing, 2 workers', value: round(all.length / seconds), unit: 'headers/s', goal: '≥ 5/s', met: all.length / seconds >= 5 },
      { name: 'CPU per header, whole pipeline (main thread + 2 workers)', value: round(cpuPerHeader, 1), unit: 'ms' },
      { name: 'of which preprocessing (sharp decode, rules, comb rows)', value: round(preparePerHeader, 1), unit: 'ms' },
      { name: 'pool start (2 workers, fra+eng)', value: round(warm), unit: 's' },
      ...(native && reference
        ? [
            ...accuracyFigures('native tesseract (reference)', reference, inRoster, false),
            { name: 'native tesseract, 2 processes (reference)', value: round(all.length / native.seconds), unit: 'headers/s' },
          ]
        : [{ name: 'native tesseract (reference)', value: 0, unit: '', notes: 'not installed on this machine' }]),
      { name: 'threshold sweep (tesseract.js readings)', value: 0, unit: '', notes: sweep },
      { name: 'machine load average (1 min) at the end', value: round(os.loadavg()[0] ?? 0), unit: '', notes: `${round(loadAtStart)} at the start; ${os.cpus().length} cores shared with other work` },
    ];
  },
};

export default suite;
