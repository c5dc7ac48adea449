#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Parse a segprof HTML report with Python's html.parser and check that it is
well formed: a doctype, every element closed in order (void elements
excepted, self-closing ones only inside <svg>), no duplicate id, every
aria-labelledby pointing to an element with text, no <script>, no attribute
or URL that loads anything.  Prints facts as JSON (cards, charts, table rows,
the text of the page) on success; exit 1 with the problems otherwise.

    html_wellformed.py FILE
"""
import html.parser
import json
import sys

VOID = {'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source',
        'track', 'wbr'}


class Checker(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problems, self.ids, self.labelled = [], [], {}, []
        self.doctype = False
        self.counts = {}
        self.text = []
        self.capture = []  # (id, pieces) of elements whose text is collected

    def error(self, message):
        self.problems.append(message)

    def handle_decl(self, decl):
        self.doctype = self.doctype or decl.lower() == 'doctype html'

    def start(self, tag, attrs, closed):
        a = dict(attrs)
        key = tag + ('.' + a['class'] if 'class' in a else '')
        self.counts[key] = self.counts.get(key, 0) + 1
        self.counts[tag] = self.counts.get(tag, 0) + (1 if key != tag else 0)
        if tag == 'script' or any(k.startswith('on') for k in a):
            self.problems.append(f'script at line {self.getpos()[0]}')
        for k in ('src', 'href', 'xlink:href', 'srcset', 'data'):
            if k in a:
                self.problems.append(f'{tag} {k}= at line {self.getpos()[0]}')
        if 'id' in a:
            if a['id'] in self.ids:
                self.problems.append(f'duplicate id {a["id"]!r}')
            self.ids[a['id']] = None
            self.capture.append([a['id'], len(self.stack), []])
        if 'aria-labelledby' in a:
            self.labelled.append((tag, a['aria-labelledby'].split()))
        if 'style' in a:
            self.problems.append(f'style attribute on {tag}')
        if closed:
            if 'svg' not in self.stack and tag not in VOID:
                self.problems.append(f'<{tag}/> outside svg at line {self.getpos()[0]}')
            self.end_capture()
            return
        if tag in VOID:
            self.end_capture()
            return
        self.stack.append(tag)

    def end_capture(self):
        while self.capture and self.capture[-1][1] >= len(self.stack):
            i, _, pieces = self.capture.pop()
            self.ids[i] = ''.join(pieces)

    def handle_starttag(self, tag, attrs):
        self.start(tag, attrs, False)

    def handle_startendtag(self, tag, attrs):
        self.start(tag, attrs, True)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f'</{tag}> at line {self.getpos()[0]} closes '
                                 f'<{self.stack[-1] if self.stack else "nothing"}>')
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        self.end_capture()

    def handle_data(self, data):
        if 'style' not in self.stack:
            self.text.append(data)
        for c in self.capture:
            c[2].append(data)


def main():
    with open(sys.argv[1], encoding='utf-8') as f:
        source = f.read()
    c = Checker()
    c.feed(source)
    c.close()
    if not c.doctype:
        c.problems.append('no <!DOCTYPE html>')
    if c.stack:
        c.problems.append(f'unclosed at the end: {c.stack}')
    for tag, ids in c.labelled:
        for i in ids:
            if i not in c.ids:
                c.problems.append(f'{tag} aria-labelledby={i!r}: no such id')
            elif not (c.ids[i] or '').strip():
                c.problems.append(f'{tag} aria-labelledby={i!r}: no text')
    charts = c.counts.get('svg', 0)
    labelled_svgs = sum(1 for tag, _ in c.labelled if tag == 'svg')
    if labelled_svgs != charts:
        c.problems.append(f'{charts - labelled_svgs} of {charts} charts without aria-labelledby')
    if c.problems:
        for p in c.problems[:20]:
            print(p, file=sys.stderr)
        return 1
    print(json.dumps({
        'cards': c.counts.get('article.card', 0),
        'charts': charts,
        'rows': c.counts.get('tr', 0),
        'tables': c.counts.get('table.profiles', 0),
        'text': ''.join(c.text),
    }, ensure_ascii=False))
    return 0


if __name__ == '__main__':
    sys.exit(main())
