"""Generated spun copies of an article, as content farms make them, to calibrate the copy check.

`spin(text, seed, synonyms=0.3, shuffle=0.5, boilerplate=0.3, keep=0.8)` swaps about that share of
the words for synonyms (function words included, as spinners do), shuffles that share of the
sentences, adds boilerplate of that share of the length and keeps only the first `keep` of it.
Deterministic for a seed. Used by tests/db/test_curation_copies.py and benchmarks/bench_curation.py.
"""

from __future__ import annotations

import random
import re
from difflib import SequenceMatcher

_PAIRS = """
about regarding; according reportedly; added included; administration government; after following;
agreement deal; aim goal; allies partners; also additionally; although though; amid among;
announced declared; another one other; approach strategy; area region; around roughly;
at in; attack assault; back return; based founded; because since; before prior to; began started;
believe think; between among; big large; billion thousand million; bring carry; build construct;
but yet; called named; can could; change shift; chief head; city town; clear obvious;
close near; commitment pledge; common shared; company firm; concern worry; conflict struggle;
continue keep; cooperation collaboration; country nation; countries nations; critical essential;
current present; deal agreement; decision choice; defense protection; deliver provide;
despite regardless of; develop build up; did carried out; difficult hard; during throughout;
each every; early initial; economic financial; effort attempt; election vote; end finish;
enough sufficient; ensure make sure; especially particularly; even still; event occasion;
expected anticipated; experts specialists; face confront; fear worry; few handful of;
final last; first initial; for for the sake of; foreign international; former previous;
from out of; future coming; given offered; global worldwide; government administration;
great major; group team; growing increasing; had possessed; has possesses; have possess;
help assist; high elevated; however nevertheless; important significant; in inside;
include comprise; increase rise; issue matter; its their; just simply; key crucial;
known recognized; large big; last final; later afterward; leader chief; leaders heads;
least minimum; left departed; less fewer; like such as; likely probable; long lengthy;
made created; major main; make create; many numerous; may might; meeting summit;
member associate; military armed forces; minister secretary; month thirty days; more extra;
most largest part of; move step; much a great deal; must should; national nationwide;
need require; new recent; next following; not never; now currently; number amount;
of from; office workplace; official officer; often frequently; on upon; only solely;
open public; other different; over above; own personal; part portion; partner ally;
people folks; percent per cent; plan scheme; point level; policy strategy; political governmental;
possible potential; power energy; president leader; pressure strain; problem issue;
process procedure; provide supply; public community; push drive; put place; question query;
rather relatively; real actual; recent latest; region area; relations ties; remain stay;
report account; reported stated; response reply; right proper; risk danger; role part;
said stated; saw observed; say state; says states; security safety; seen viewed; set established;
several various; should ought to; show display; side aspect; since because; small little;
so therefore; some certain; state nation; still nonetheless; strategic tactical; strong robust;
such similar; support backing; system framework; take seize; talks negotiations; than versus;
that which; the a; their its; them these; there at that place; these such; they these people;
think consider; this that; those such; threat menace; through by means of; time moment;
to in direction of; told informed; top leading; trade commerce; under beneath; until till;
up upward; us we; use employ; very extremely; war combat; was turned into; way method;
week seven days; well properly; were have been; what which; when whereas; where the place;
which that; while whereas; who which; will shall; with along with; within inside of;
without with out; work job; world globe; would could; year twelve months; years decades;
""".strip()
SYNONYMS = dict(
    (a.strip(), b.strip()) for a, _, b in (p.strip().partition(" ") for p in _PAIRS.split(";"))
    if a.strip()
)  # fmt: skip
_BOILERPLATE = [
    "Click here to subscribe to our newsletter and never miss an update.",
    "Share this story with your friends on social media.",
    "Our editors handpick the best stories of the day for you.",
    "Advertisement: discover the best deals of the season before they are gone.",
    "Read more articles like this one in our latest news section.",
    "Leave a comment below and tell us what you think about this topic.",
    "This website uses cookies to improve your experience while browsing.",
    "Download our free app to get the news delivered straight to your phone.",
]
_STAND_INS = [
    *("notable", "significant", "considerable", "substantial", "various", "particular"),
    *("numerous", "distinct", "assorted", "matter", "affair", "element", "aspect", "feature"),
    *("factor", "concern", "subject", "notion", "facet", "item", "instance", "happen", "occur"),
    *("arise", "emerge", "surface", "develop", "unfold", "ensue", "transpire", "proceed"),
]
_WORD = re.compile(r"[A-Za-z]+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def spin(
    text: str,
    seed: int,
    synonyms: float = 0.0,
    shuffle: float = 0.0,
    boilerplate: float = 0.0,
    keep: float = 1.0,
) -> str:
    """A spun copy of `text` (see the module docstring)."""
    rng = random.Random(seed)
    words = text.split(" ")
    if keep < 1.0:
        words = words[: max(1, int(len(words) * keep))]
    text = " ".join(words)
    text = _swap(text, synonyms, rng)
    sentences = _SENTENCE.split(text)
    _shuffle(sentences, shuffle, rng)
    extra = int(len(text) * boilerplate)
    while extra > 0:
        line = rng.choice(_BOILERPLATE)
        sentences.insert(rng.randrange(len(sentences) + 1), line)
        extra -= len(line)
    return " ".join(sentences)


def _swap(text: str, rate: float, rng: random.Random) -> str:
    matches = _WORD.findall(text)
    listed = sum(w.lower() in SYNONYMS for w in matches) / max(1, len(matches))
    # Listed words are swapped first; past what they cover, other lower-case words are swapped
    # for a stand-in (spinners use thesauri far larger than ours; for n-grams a changed word is a
    # changed word). Names and numbers are kept, as spinners keep them.
    extra = max(0.0, rate - listed) / max(0.05, 1 - listed)

    def replace(match: re.Match[str]) -> str:
        word = match.group()
        synonym = SYNONYMS.get(word.lower())
        if synonym is not None:
            if rng.random() >= min(1.0, rate / max(0.05, listed)):
                return word
            return synonym.capitalize() if word[0].isupper() else synonym
        if word.islower() and len(word) > 3 and rng.random() < extra:
            return rng.choice(_STAND_INS)
        return word

    return _WORD.sub(replace, text)


def _shuffle(sentences: list[str], rate: float, rng: random.Random) -> None:
    picked = [i for i in range(len(sentences)) if rng.random() < rate]
    moved = [sentences[i] for i in picked]
    rng.shuffle(moved)
    for i, sentence in zip(picked, moved, strict=True):
        sentences[i] = sentence


def swapped_share(original: str, spun_text: str) -> float:
    """Share of the original's words the spun copy changed (for a copy spun by synonyms only)."""
    before = [w.lower() for w in _WORD.findall(original)]
    after = [w.lower() for w in _WORD.findall(spun_text)]
    kept = SequenceMatcher(None, before, after, autojunk=False).get_matching_blocks()
    return 1 - sum(block.size for block in kept) / max(1, len(before))
