#!/usr/bin/env python3
"""Issue-shaped Markdown at random, for the fuzzer's seeds (scripts/fuzz).

Front matter (some of it malformed), header lines, a title, highlights, a
table of contents, numbered sections in their many spellings, and items in
every form the parser knows (linked headings, bold links, title lines with an
empty link or a note in parentheses as TLDR writes them, a title link with
the summary after a dash as the Cooperpress weeklies write them, a digest's
plain headline over its blurb and "Read more" link, Medium
cards over several lines or flattened onto one, list
entries (one titled by its bold opening), links over several lines, domain
labels and site lines, paper lines,
images), with summaries of messy inline Markdown: runaway markers, raw HTML,
references, addresses, tracking tails, script links, placeholders; section
and issue numbers in fullwidth digits and CJK counters.
Each document comes with the harness's two option bytes.
`generate_issues.py OUTDIR SEED COUNT` writes them as files.
Grammar-made documents found 16 Markdown round-trip breaks in their first
500, where the byte-mutating fuzzer found one every 10 to 20 minutes.
"""
import os
import random
import sys

R = random.Random(1)
def pick(*xs): return R.choice(xs)
def maybe(p=0.5): return R.random() < p

WORDS = "TK TODO XXX model data 训练 transformer 数据集 vision 大规模 the a of paper results 方法 language agents benchmark é café naïve snake_case x_y C# F# 1. 2) #tag *star* _under_ ~tilde~ <b> &amp; &copy; &#13; AT&T 50% $5 a|b \\ `tick` [x] [2108.05887] 【2108.07258】 www.example.org http://a.org/x_y https://b.org/?q=1&utm_source=x someone@example.org mailto:me@x.org".split()
DOMAINS = ["arxiv.org", "medium.com", "towardsdatascience.com", "github.com", "example.org", "www.wired.com", "ai.googleblog.com", "x.org"]
def url():
    d = pick(*DOMAINS)
    u = pick("https://", "http://", "") + d + pick("", "/", "/abs/2108.05887", "/pdf/2108.05887v2.pdf", "/a_b/c*d", "/p?x=1", "/story/a-b/")
    if maybe(0.3): u += pick("?", "&") + "utm_source=" + pick("newsletter", "x") + "&utm_medium=email"
    if maybe(0.05): u = pick("javascript:alert(1)", "data:text/html,x", "#frag", "/relative/path", "mailto:a@b.org", "", "<https://a.org/x y>", "https://a.org/(x)")
    return u
def word(): return pick(*WORDS)
def inline(n=None):
    n = n or R.randint(1, 12)
    out = []
    for _ in range(n):
        r = R.random()
        if r < 0.55: out.append(word())
        elif r < 0.62: out.append("*" + word() + "*")
        elif r < 0.68: out.append("**" + word() + "**")
        elif r < 0.71: out.append("`" + word() + "`")
        elif r < 0.78: out.append("[" + pick(word(), "", "click here", url()) + "](" + url() + ")")
        elif r < 0.80: out.append("<" + pick("https://a.org/x", "me@x.org", "x") + ">")
        elif r < 0.82: out.append("![" + pick("", word()) + "](" + url() + ")")
        elif r < 0.84: out.append(pick("****", "**", "*", "___", "~~"))
        elif r < 0.86: out.append(pick("<br>", "<span>x</span>", "<script>alert(1)</script>", "<!-- c -->", "<img src=x onerror=alert(1)>", "\n<!-- TODO -->\n", "\n<pre>\n" + word() + "\n</pre>\n"))
        elif r < 0.88: out.append(pick("\\", "\\*", "&#x40;", "&#10;", "\t"))
        elif r < 0.90: out.append("[](" + url() + ")")
        else: out.append(pick("—", "——", "–", "-", "|", ":", "。", "，"))
    sep = pick(" ", " ", " ", "", "  ")
    return sep.join(out)
def title(): return inline(R.randint(1, 5)).replace("\n", " ")
def summary():
    paras = [inline() + (pick("", "\n" + inline(), "  \n" + inline(), "\\\n" + inline()) if maybe(0.3) else "") for _ in range(R.randint(0, 2))]
    if maybe(0.1): paras.append("- " + inline() + "\n- " + inline())
    if maybe(0.05): paras.append("```\ncode " + word() + "\n```")
    if maybe(0.05): paras.append("> " + inline())
    if maybe(0.05): paras.append("| a | b |\n|---|---|\n| " + word() + " | " + word() + " |")
    return "\n\n".join(paras)
def item():
    f = R.randint(0, 12)
    t, u = title(), url()
    parts = []
    if f == 0: parts.append(pick("###", "##", "####") + " [" + t + "](" + u + ")")
    elif f == 1: parts.append("**[" + t + "](" + u + ")**")
    elif f == 2: parts.append(t + " [](" + u + ")")
    elif f == 3:
        # A Medium card over several lines, or flattened onto one.
        gap = pick("\n\n", "\n", " ")
        parts.append(pick("", "[](" + u + ") ") + "[## " + t + gap + pick("###", "##", "#") + " " + inline(3) + gap + pick(*DOMAINS, "") + "](" + u + ")")
    elif f == 4: parts.append("### [" + pick("[arxiv.org] ", "【arxiv.org】", "") + t + "](" + u + ")")
    elif f == 5: parts.append("### " + t)
    elif f == 6: parts.append("[" + t + "](" + u + ")" + pick("", " —— [" + pick(*DOMAINS) + "](" + u + ")"))
    elif f == 7: parts.append("### [" + t + "](" + u + ")" + pick("", " [2108.05887]"))
    elif f == 10:
        # TLDR's title: a bold link and a note in parentheses, the summary below.
        note = pick("(4 minute read)", "(Sponsor)", "（PDF）", "(" + inline(2).replace("\n", " ") + ")")
        parts.append(pick("**[" + t + "](" + u + ")** " + note, "**[" + t + "](" + u + ") " + note + "**", "[" + t + "](" + u + ")" + pick(" ", "") + note))
    elif f == 11:
        # The Cooperpress weeklies' item: the title link, a dash, the summary on the same line.
        parts.append(pick("**[" + t + "](" + u + ")**", "[" + t + "](" + u + ")", "*[" + t + "](" + u + ")*", "***[" + t + "](" + u + ")***") +
                     pick(" — ", " – ", ": ", " - ", "—", " —\n") + inline())
    elif f == 12:
        # A digest's headline: a plain heading, its blurb and the one page it links.
        parts.append(pick("###", "####") + " " + t)
        parts.append(inline() + pick(" [Read more](" + u + ")", "\n\n[Try it](" + u + ")", "\n\n→ [" + title() + "](" + u + ")", "",
                                     " via [" + word() + "](" + url() + ")\n\n[Read more →](" + u + ")"))
    else: parts.append("**" + t + "**" + pick("", " [](" + u + ")"))
    if maybe(0.15):  # the site on a line of its own, as Medium writes a preview
        host = u.split("://")[-1].split("/")[0].split("?")[0]
        parts.append(pick(host, "www." + host, pick(*DOMAINS), "[" + host + "](" + u + ")"))
    if maybe(0.4): parts.append("![" + pick("", title()) + "](" + url() + ")")
    if maybe(0.3): parts.append(pick("[", "【") + pick("2108.05887", "2106.0365", "2108.05887v2", "cs/0101001", "x") + pick("]", "】") + pick("", " " + inline()))
    s = summary()
    if s: parts.append(s)
    return ("\n" if maybe(0.2) else "\n\n").join(parts)
def entry(depth=0):
    e = pick("*", "-", "+", "1.") + " " + pick("[" + title() + "](" + url() + ")" + pick("", " - " + inline(), " [2405.01234] " + inline(), ": " + inline()), inline(), "[" + pick(*DOMAINS, "disposition: merge") + "] [" + title() + "](" + url() + ")" + pick("", ".", " .", "!"), "Someone fixed [#123](" + url() + ") in " + word(), "[" + title() + "\n  " + title() + "](" + url() + ")", "[x](" + url() + ")\n\n  ![" + title() + "\n  " + word() + "](" + url() + ")", "**" + title() + pick("**: ", "** — ", "** - ", ":** ") + inline() + " [Link](" + url() + ")", title() + pick(" — ", ": ", " ") + pick(inline() + " ", "") + url() + pick("", ".", ")"), "[" + title() + "](" + url() + ") (" + pick(*DOMAINS) + ")" + pick("", " - " + inline()))
    if depth < 2 and maybe(0.15): e += "\n" + "  " * (depth + 1) + entry(depth + 1).replace("\n", "\n" + "  " * (depth + 1))
    return e
def section(n):
    wide = "".join(chr(0xFF10 + int(d)) for d in str(n))  # fullwidth digits
    h = pick("## %d. %s" % (n, title()), "# ****%d.%s****" % (n, title()), "**%d. %s**" % (n, title()), "## " + title(), "# %d、%s" % (n, title()), "## %d) %s" % (n, title()), title() + "\n---", title() + "\n===", "# ****%s．%s****" % (wide, title()), "## %s%s %s" % (wide, pick("、", "）", "：", "．5"), title()))
    body = []
    if maybe(0.25):
        body.append("\n".join(entry() for _ in range(R.randint(1, 5))))
    else:
        for _ in range(R.randint(0, 4)):
            body.append(item())
            if maybe(0.3): body.append(pick("— — —", "***", "---", "———", "* * *"))
    if maybe(0.2): body.append(inline())
    return "\n\n".join([h] + body)
def doc():
    parts = []
    if maybe(0.5):
        fm = ["newsletter: " + title(), "number: " + pick("27", "x", "-1", "1e3", "99999999999"), "date: 2021-08-29", "utm_source: " + word(), "utm_medium: email", "utm_campaign: issue-27", "preheader: " + inline(), "title: " + title(), pick("bad line", "key: [a, b]", "dup: 1\ndup: 2", "web_url: https://x.org/", "subscribe_url: {{subscribe_url}}", "")]
        R.shuffle(fm)
        parts.append("---\n" + "\n".join(fm[:R.randint(0, len(fm))]) + pick("\n---", "\n---", "\n...", ""))
    if maybe(0.3): parts.append("Title: " + title() + "\nNumber: " + pick("9", "x"))
    if maybe(0.7): parts.append("# " + title() + pick("", " — #27", " #5", " Issue 12", " 第３０期", " 第28回", " 제 30 호", " ＃２７", " 第一 第 3 号"))
    if maybe(0.3): parts.append("\n".join("- " + inline() for _ in range(R.randint(1, 3))))
    n = R.randint(0, 5)
    if maybe(0.2): parts.append("\n".join("%d. %s" % (i + 1, title()) for i in range(n)))
    for i in range(n): parts.append(section(i + 1 if maybe(0.85) else R.randint(0, 9)))
    if maybe(0.1):
        # A daily brief: headlines under no section heading, each ending with
        # its link, then perhaps a footer after a thematic break.
        for _ in range(R.randint(1, 4)):
            u = url()
            parts.append(pick("##", "###", "#") + " " + title() + "\n\n" + inline() +
                         pick(" [Read more](" + u + ")", "\n\n[Read more →](" + u + ")", " ([" + word() + "](" + u + ")).", " " + inline()))
        if maybe(0.5): parts.append(pick("---", "***", "* * *") + "\n\n" + inline() + pick("", " [Unsubscribe]({{unsubscribe_url}})"))
    if maybe(0.3): parts.append(pick("## Subscribe", "**About me**", "# Other posts") + "\n\n" + inline())
    text = "\n\n".join(parts) + pick("\n", "", "\n\n")
    if maybe(0.1): text = text.replace("\n", "\r\n")
    return text


def generate(seed, count):
    """`count` documents, each behind its two option bytes, from `seed`."""
    R.seed(seed)
    docs = []
    for _ in range(count):
        opts = bytes([R.randint(0, 255), pick(0, 0, 0, R.randint(1, 255))])
        docs.append(opts + doc().encode("utf-8", "surrogatepass"))
    return docs


if __name__ == "__main__":
    out, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    for i, data in enumerate(generate(seed, count)):
        with open(os.path.join(out, "g%06d" % i), "wb") as f:
            f.write(data)
