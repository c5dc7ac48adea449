#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Load a segprof HTML report in headless Chromium and check it (segprof(1),
OUTPUT FORMATS, html).

    check_report.py REPORT.html CLUSTERS [--screenshot FILE.png]

Chromium is driven through the DevTools protocol over a pipe
(--remote-debugging-pipe: JSON messages ended by NUL on file descriptors 3
and 4), so that nothing but python3 and Debian's chromium is needed.  At 375
and 1280 CSS pixels wide it asserts: no element wider than the viewport (and
no horizontal scrolling), one card per cluster, a text alternative for every
chart, no console error or exception, no network request besides the file
itself.  At 1280 it takes a screenshot and checks that it is not blank.
Exit 0 when all holds, 1 with the failures listed, 77 when chromium is absent.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zlib
import base64
import struct
import select
import time

WIDTHS = (375, 1280)
TIMEOUT = 60.0

CHECKS_JS = r"""
(() => {
  const vw = document.documentElement.clientWidth;
  const wide = [];
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > vw + 0.5 || r.left < -0.5)
      wide.push(e.tagName + (e.className && e.className.baseVal === undefined ? '.' + e.className : '')
                + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
  }
  const charts = [...document.querySelectorAll('svg')];
  const unlabelled = charts.filter(s => {
    if (s.getAttribute('role') !== 'img') return true;
    const ids = (s.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    const text = ids.map(i => { const t = document.getElementById(i); return t ? t.textContent : ''; }).join('');
    return text.trim() === '' && !(s.getAttribute('aria-label') || '').trim();
  }).length;
  const bars = document.querySelectorAll('svg rect').length;
  return JSON.stringify({
    viewport: vw,
    scrollWidth: document.documentElement.scrollWidth,
    wide: wide.slice(0, 10),
    cards: document.querySelectorAll('article.card').length,
    charts: charts.length,
    unlabelled: unlabelled,
    bars: bars,
    tables: document.querySelectorAll('table th[scope=col]').length > 0,
    scripts: document.scripts.length,
  });
})()
"""


class Browser:
    def __init__(self, chromium):
        self.profile = tempfile.mkdtemp(prefix='segprof-chromium-')
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()
        # The child gets the ends it uses as fd 3 (reads) and fd 4 (writes).
        def child_fds():
            # through fresh descriptors: dup2 onto the same number would
            # keep close-on-exec
            r, w = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(r, 3)
            os.dup2(w, 4)
        self.proc = subprocess.Popen(
            [chromium, '--headless', '--no-sandbox', '--disable-gpu',
             '--disable-background-networking', '--disable-component-update',
             '--disable-sync', '--no-first-run', '--no-default-browser-check',
             '--disable-extensions', '--mute-audio', '--hide-scrollbars',
             '--remote-debugging-pipe', '--user-data-dir=' + self.profile,
             'about:blank'],
            preexec_fn=child_fds, pass_fds=(3, 4),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=None if os.environ.get("CHECK_REPORT_DEBUG") else subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.next_id = 0
        self.buf = b''
        self.events = []

    def close(self):
        try:
            self.send('Browser.close')
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.to_chrome)
        os.close(self.from_chrome)
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read_message(self, deadline):
        while b'\0' not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError('no answer from chromium')
            ready, _, _ = select.select([self.from_chrome], [], [], left)
            if ready:
                chunk = os.read(self.from_chrome, 1 << 20)
                if not chunk:
                    raise EOFError('chromium closed the pipe')
                self.buf += chunk
        msg, self.buf = self.buf.split(b'\0', 1)
        return json.loads(msg)

    def send(self, method, params=None, session=None):
        self.next_id += 1
        msg = {'id': self.next_id, 'method': method, 'params': params or {}}
        if session:
            msg['sessionId'] = session
        os.write(self.to_chrome, json.dumps(msg).encode() + b'\0')
        deadline = time.monotonic() + TIMEOUT
        while True:
            m = self._read_message(deadline)
            if m.get('id') == self.next_id:
                if 'error' in m:
                    raise RuntimeError(f'{method}: {m["error"]}')
                return m.get('result', {})
            self.events.append(m)

    def wait_event(self, method, deadline):
        while True:
            for i, m in enumerate(self.events):
                if m.get('method') == method:
                    return self.events.pop(i)
            self.events.append(self._read_message(deadline))


def png_is_blank(data):
    """True when every pixel of the PNG has the same colour."""
    assert data[:8] == b'\x89PNG\r\n\x1a\n'
    pos, idat, width, height, ctype = 8, b'', 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b'IHDR':
            width, height, depth, ctype = struct.unpack('>IIBB', body[:10])
            assert depth == 8 and ctype in (2, 6), 'unexpected PNG form'
        elif kind == b'IDAT':
            idat += body
        pos += 12 + length
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    first = None
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[x] = (line[x] + pred) & 255
        if first is None:
            first = bytes(line[:bpp])
        if line != first * width:
            return False
        prev = line
    return True


def check(browser, url, clusters, width, screenshot, failures):
    target = browser.send('Target.createTarget', {'url': 'about:blank'})['targetId']
    session = browser.send('Target.attachToTarget',
                           {'targetId': target, 'flatten': True})['sessionId']
    for domain in ('Page', 'Runtime', 'Log', 'Network'):
        browser.send(domain + '.enable', session=session)
    browser.send('Emulation.setDeviceMetricsOverride',
                 {'width': width, 'height': 900, 'deviceScaleFactor': 1,
                  'mobile': width < 600}, session=session)
    browser.events.clear()
    browser.send('Page.navigate', {'url': url}, session=session)
    browser.wait_event('Page.loadEventFired', time.monotonic() + TIMEOUT)
    result = browser.send('Runtime.evaluate', {'expression': CHECKS_JS, 'returnByValue': True},
                          session=session)
    facts = json.loads(result['result']['value'])
    where = f'{width}px:'
    if facts['wide'] or facts['scrollWidth'] > facts['viewport']:
        failures.append(f'{where} wider than the viewport ({facts["viewport"]}): '
                        f'scrollWidth {facts["scrollWidth"]}, {facts["wide"]}')
    if facts['cards'] != clusters:
        failures.append(f'{where} {facts["cards"]} cards, expected {clusters}')
    if facts['unlabelled']:
        failures.append(f'{where} {facts["unlabelled"]} of {facts["charts"]} charts '
                        'without a text alternative')
    if clusters and (facts['charts'] < 2 or facts['bars'] == 0):
        failures.append(f'{where} no charts drawn ({facts["charts"]} svg, {facts["bars"]} bars)')
    if not facts['tables']:
        failures.append(f'{where} no table with column headers')
    if facts['scripts']:
        failures.append(f'{where} {facts["scripts"]} scripts in the page')
    if screenshot:
        metrics = browser.send('Page.getLayoutMetrics', session=session)
        height = int(metrics['cssContentSize']['height'])
        shot = browser.send('Page.captureScreenshot',
                            {'format': 'png', 'captureBeyondViewport': True,
                             'clip': {'x': 0, 'y': 0, 'width': width,
                                      'height': min(height, 4000), 'scale': 1}},
                            session=session)
        png = base64.b64decode(shot['data'])
        if png_is_blank(png):
            failures.append(f'{where} the screenshot is blank')
        with open(screenshot, 'wb') as f:
            f.write(png)
    # what happened while the page loaded and was examined
    for m in browser.events:
        method, p = m.get('method'), m.get('params', {})
        if method == 'Network.requestWillBeSent' and p['request']['url'] != url:
            failures.append(f'{where} network request: {p["request"]["url"][:200]}')
        elif method == 'Runtime.consoleAPICalled' and p.get('type') in ('error', 'assert'):
            failures.append(f'{where} console error: {p.get("args")}')
        elif method == 'Runtime.exceptionThrown':
            failures.append(f'{where} exception: {p.get("exceptionDetails")}')
        elif method == 'Log.entryAdded' and p['entry'].get('level') == 'error':
            failures.append(f'{where} console error: {p["entry"].get("text")}')
    browser.events.clear()
    browser.send('Target.closeTarget', {'targetId': target})


def main():
    args = sys.argv[1:]
    screenshot = None
    if '--screenshot' in args:
        i = args.index('--screenshot')
        screenshot = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    chromium = os.environ.get('CHROMIUM') or shutil.which('chromium')
    if not chromium:
        print('chromium not found', file=sys.stderr)
        return 77
    report, clusters = os.path.abspath(args[0]), int(args[1])
    url = 'file://' + report
    failures = []
    browser = Browser(chromium)
    try:
        for width in WIDTHS:
            check(browser, url, clusters, width, screenshot if width == 1280 else None, failures)
    finally:
        browser.close()
    for f in failures:
        print(f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
