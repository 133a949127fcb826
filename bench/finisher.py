"""The page finisher's cost (core.l10n.localize_html, run on every HTML response): a list page
of N rows (names, codes in dir="ltr" cells, counts, percentages, dates, a form and scripts) is
rendered by Django's template engine, then finished in Persian and in English. Reports p50/p95 in
ms and the ratio of the finisher's time to the template's own rendering time.

    python manage.py bench finisher [--json] [--sizes 50,300,1000]
"""

import statistics
import time

ROW = (
    '<tr><td>{{ r.name }}</td><td dir="ltr">{{ r.code }}</td><td>{{ r.count }}</td>'
    "<td>{{ r.share }}%</td><td>{{ r.day }}</td><td>{{ r.note }}</td>"
    '<td><a href="/trainers/{{ r.pk }}/">{{ r.label }}</a></td></tr>'
)
PAGE = (
    '<!doctype html><html lang="fa" dir="rtl"><head><title>فهرست {{ rows|length }}</title>'
    "<style>.x{width:10px}</style></head><body><nav>منو 1 2 3</nav>"
    '<form><input name="q" value="منطقه 6"><input inputmode="numeric" value="1405">'
    "<textarea>پلاک 12</textarea></form><table>{% for r in rows %}" + ROW + "{% endfor %}</table>"
    "<script>const data = [1, 2, 3];</script></body></html>"
)


def _rows(n: int) -> list[dict]:
    return [
        {
            "pk": i,
            "name": f"دبستان شهید بهشتی {i % 9}",
            "code": f"CIT-{100 + i}",
            "count": i * 37,
            "share": i % 100,
            "day": f"1405/09/{1 + i % 28:02d}",
            "note": "Level: آموزشگر ارشد" if i % 2 else "کودک مسئول و تأمین سلامت",
            "label": f"جلسه {i}",
        }
        for i in range(n)
    ]


def _times(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(options, write) -> list[dict]:
    from django.template import Context, Template

    from hamafza.core.l10n import localize_html

    sizes = [int(s) for s in (options.get("sizes") or "50,300,1000").split(",")]
    template = Template(PAGE)
    results = []
    for n in sizes:
        context = Context({"rows": _rows(n)})
        html = template.render(context)
        repeat = max(20, 3000 // n)
        render = _times(lambda c=context: template.render(c), repeat)
        base = statistics.median(render)
        for lang in ("fa", "en"):
            finish = _times(lambda h=html, lang=lang: localize_html(h, lang=lang), repeat)
            p50 = statistics.median(finish)
            results += [
                {"bench": "finisher", "metric": f"{lang}_rows{n}_p50", "value": round(p50, 3),
                 "unit": "ms", "baseline": round(base, 3), "ratio": round(p50 / base, 3),
                 "page_kib": round(len(html) / 1024, 1)},
                {"bench": "finisher", "metric": f"{lang}_rows{n}_p95",
                 "value": round(_pct(finish, 0.95), 3), "unit": "ms"},
            ]  # fmt: skip
        write(f"{n} rows ({len(html) / 1024:.0f} KiB): render p50 {base:.2f} ms")
    return results
