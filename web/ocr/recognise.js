// Reading pictures in the browser: the recogniser of the reader worker (src/bin/pdf-worker.rs).
// The reader worker loads this script with importScripts only when a document holds pictures, so
// neither it nor tesseract.js weigh on any other load. It runs tesseract.js 7 (LSTM models,
// @tesseract.js-data chi_sim and eng 4.0.0_best_int), every file served from this app's own
// tesseract/ folder: nothing is fetched from any other place (workerPath, corePath and langPath
// are all set, as absolute URLs, which tesseract.js needs inside a worker).
//
// self.nianbaoRecognise(jobs, progress) reads jobs — objects { image: Uint8Array (a PGM file),
// lang: 'eng' | 'chi_sim', psm: Tesseract's page segmentation mode, alphabet: the characters
// allowed ('' for any) } — on one tesseract.js worker a core (at most 4) and resolves to one
// TSV text a job, in order (Tesseract's TSV without its header row; '' when a picture could not
// be read). progress(done, total) is called after each job. self.nianbaoRecogniseEnd() ends
// the workers.
(function () {
  'use strict';
  const base = new URL('tesseract/', self.location.href).href;
  importScripts(base + 'tesseract.min.js');

  // One job may take this long (a whole page of text on a slow machine takes a few seconds).
  const JOB_LIMIT_MS = 120000;
  // A worker that fails is replaced; after this many failures the reading stops.
  const MAX_FAILURES = 8;
  const cores = Math.max(1, Math.min((self.navigator && self.navigator.hardwareConcurrency) || 2, 4));
  const pools = new Map(); // lang -> worker promises

  function make(lang) {
    return self.Tesseract.createWorker(lang, 1, {
      workerPath: base + 'worker.min.js',
      corePath: base + 'core/',
      langPath: base + 'tessdata',
      gzip: true,
      cacheMethod: 'none',
      workerBlobURL: false,
    });
  }

  function within(promise, ms) {
    let timer;
    const late = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('文字识别超过 ' + ms / 1000 + ' 秒仍未完成')), ms);
    });
    return Promise.race([promise, late]).finally(() => clearTimeout(timer));
  }

  async function workers(lang, n) {
    let pool = pools.get(lang);
    if (!pool) {
      pool = [];
      pools.set(lang, pool);
    }
    while (pool.length < n) pool.push(make(lang));
    return Promise.all(pool.slice(0, n));
  }

  self.nianbaoRecognise = async function (jobs, progress) {
    const out = new Array(jobs.length).fill('');
    const byLang = new Map();
    jobs.forEach((job, i) => {
      if (!byLang.has(job.lang)) byLang.set(job.lang, []);
      byLang.get(job.lang).push(i);
    });
    let done = 0;
    let failures = 0;
    for (const [lang, picked] of byLang) {
      // jobs of one kind together: parameters change seldom
      const kindOf = (i) => jobs[i].psm + '|' + jobs[i].alphabet;
      picked.sort((a, b) => kindOf(a).localeCompare(kindOf(b)) || a - b);
      const n = Math.min(cores, picked.length);
      const ws = await workers(lang, n);
      let next = 0;
      await Promise.all(ws.map(async (first, slot) => {
        let w = first;
        let key = null;
        while (next < picked.length) {
          const i = picked[next++];
          const job = jobs[i];
          const want = kindOf(i);
          try {
            if (key !== want) {
              await w.setParameters({
                tessedit_pageseg_mode: String(job.psm),
                tessedit_char_whitelist: job.alphabet,
                user_defined_dpi: '300',
              });
              key = want;
            }
            const { data } = await within(w.recognize(job.image, {}, { tsv: true, text: false }), JOB_LIMIT_MS);
            out[i] = data.tsv || '';
          } catch (e) {
            // the picture reads as nothing (its cell becomes "?", never a value); the worker
            // may be broken: it is replaced
            failures += 1;
            if (failures > MAX_FAILURES) throw e;
            try { await w.terminate(); } catch (_) { /* already gone */ }
            const fresh = make(lang);
            pools.get(lang)[slot] = fresh;
            w = await fresh;
            key = null;
          }
          done += 1;
          if (progress) progress(done, jobs.length);
        }
      }));
    }
    return out;
  };

  self.nianbaoRecogniseEnd = async function () {
    const all = [...pools.values()].flat();
    pools.clear();
    await Promise.all(all.map((p) => p.then((w) => w.terminate()).catch(() => {})));
  };
})();
