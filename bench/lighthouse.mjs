// Lighthouse (simulated mobile: slow 4G and a 4× slower CPU, its defaults) on the first screen of
// vChat History, the hand-written page and the React 19 page, served by the same demo server, `runs` times each,
// interleaved; prints the medians. Usage: node bench/lighthouse.mjs <demo origin> [runs]
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { median } from './median.mjs';

const origin = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
const pages = { baseline: `${origin}/bench-baseline/`, react: `${origin}/bench-react/`, app: `${origin}/` };
const order = ['app', 'baseline', 'react'];

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const results = { baseline: [], react: [], app: [] };
try {
  for (let i = 0; i < runs; i++) {
    for (const name of order.map((_, j) => order[(i + j) % order.length])) {
      const { lhr } = await lighthouse(pages[name], {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
      });
      const audit = (id) => lhr.audits[id].numericValue;
      const score = (id) => Math.round(lhr.categories[id].score * 100);
      results[name].push({
        performance: score('performance'),
        accessibility: score('accessibility'),
        bestPractices: score('best-practices'),
        fcp: audit('first-contentful-paint'),
        lcp: audit('largest-contentful-paint'),
        tti: audit('interactive'),
        tbt: audit('total-blocking-time'),
        cls: audit('cumulative-layout-shift'),
      });
    }
  }
} finally {
  await chrome.kill();
}

const rows = [
  ['performance', 'performance score', (v) => v.toFixed(0), '≥ 98'],
  ['lcp', 'Largest Contentful Paint', (v) => `${(v / 1000).toFixed(2)} s`, '≤ 1.5 s'],
  ['tti', 'Time to Interactive', (v) => `${(v / 1000).toFixed(2)} s`, '≤ 2.5 s'],
  ['fcp', 'First Contentful Paint', (v) => `${(v / 1000).toFixed(2)} s`, ''],
  ['tbt', 'Total Blocking Time', (v) => `${v.toFixed(0)} ms`, ''],
  ['cls', 'Cumulative Layout Shift', (v) => v.toFixed(3), ''],
  ['accessibility', 'accessibility score', (v) => v.toFixed(0), '100'],
  ['bestPractices', 'best practices score', (v) => v.toFixed(0), '100'],
];
console.log(`Lighthouse, simulated mobile, first screen: medians of ${runs} runs each`);
console.log('| measure | hand-written JS | React 19 | vChat History | goal |');
console.log('|---|---|---|---|---|');
for (const [key, label, format, goal] of rows) {
  const value = (name) => format(median(results[name].map((r) => r[key])));
  console.log(`| ${label} | ${value('baseline')} | ${value('react')} | ${value('app')} | ${goal} |`);
}
