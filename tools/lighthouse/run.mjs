// Lighthouse 12 with a browser profile whose storage is kept (tools/lighthouse/consented.py).
//   node run.mjs CONFIG_JSON   ->  one JSON line per URL
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const cfg = JSON.parse(process.argv[2]);
const load = (p) => import(pathToFileURL(path.join(cfg.modules, p)).href);
const lighthouse = (await load('lighthouse/core/index.js')).default;
const chromeLauncher = await load('chrome-launcher/dist/index.js');

for (const url of cfg.urls) {
  const chrome = await chromeLauncher.launch({
    chromePath: cfg.chrome, userDataDir: cfg.profile, chromeFlags: cfg.flags, logLevel: 'silent',
  });
  try {
    const run = await lighthouse(url, {
      port: chrome.port, output: 'json', logLevel: 'error', disableStorageReset: true,
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
    });
    const lhr = run.lhr;
    const scores = Object.fromEntries(Object.entries(lhr.categories).map(([k, v]) => [k, v.score]));
    const adRequests = lhr.audits['network-requests'].details.items
      .map((item) => item.url).filter((u) => u.includes('/static/ads/house'));
    console.log(JSON.stringify({
      url, scores, cls: lhr.audits['cumulative-layout-shift'].numericValue, ad_requests: adRequests,
    }));
  } finally {
    await chrome.kill();
  }
}
