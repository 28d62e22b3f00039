#!/usr/bin/env python3
"""Writes data/samples: small GENERATED stand-ins for SST-2, AG News and IMDB in their real file formats.

Every record is made up here from small word lists and templates; nothing is copied from the real datasets, whose
terms do not allow committing them (SST-2 and IMDB publish no licence, AG News is for non-commercial research use
only). Only the file formats, archive layouts and quirks of the real files are reproduced, so that every reader,
tokenizer, sampler, CLI test, sweep and notebook smoke run can run on a fresh clone. Never use them for results.

Usage: python3 tools/samples/generate.py [OUT]     (OUT defaults to data/samples in this repository)

Deterministic: one seeded random.Random, zip entries dated 1980-01-01, tar entries with mtime 0 and owner 0/"", sorted
entries, gzip header mtime 0. Two runs give byte-identical files (with the same zlib build). Standard library only.
"""
import csv
import gzip
import hashlib
import io
import os
import random
import re
import sys
import tarfile
import zipfile

SEED = 20261206
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


# ----------------------------------------------------------------------------------------------------------------------
# Writing files and archives deterministically

def write_bytes(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def zip_bytes(entries):
    """entries: (name, bytes) pairs; a name ending in "/" with None is a folder entry. Sorted, fixed dates, Unix attributes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in sorted(entries, key=lambda e: e[0]):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.create_system = 3  # Unix, whatever machine runs this
            if data is None:
                info.external_attr = (0o40755 << 16) | 0x10
                info.compress_type = zipfile.ZIP_STORED
                archive.writestr(info, b"")
            else:
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def tar_gz_bytes(entries):
    """entries: (name, bytes) pairs; a name ending in "/" with None is a folder entry. Sorted, mtime 0, owner 0 / ""."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        for name, data in sorted(entries, key=lambda e: e[0]):
            info = tarfile.TarInfo(name)
            info.mtime = 0
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            if data is None:
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                archive.addfile(info)
            else:
                info.mode = 0o644
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
    compressed = io.BytesIO()
    with gzip.GzipFile(filename="", fileobj=compressed, mode="wb", compresslevel=9, mtime=0) as g:
        g.write(raw.getvalue())
    return compressed.getvalue()


def lines_bytes(lines, encoding="utf-8"):
    return "".join(line + "\n" for line in lines).encode(encoding)


def csv_bytes(rows, quoting):
    text = io.StringIO()
    csv.writer(text, quoting=quoting, lineterminator="\n").writerows(rows)
    return text.getvalue().encode("utf-8")


def pick(rng, items):
    return items[rng.randrange(len(items))]


def fill(rng, template, slots):
    """The template with each {slot} replaced by a random choice from slots[slot] (a list, or a function of rng)."""
    def one(match):
        choices = slots[match.group(1)]
        return choices(rng) if callable(choices) else pick(rng, choices)
    text = re.sub(r"\{(\w+)\}", one, template)
    return re.sub(r"\b([Aa]) (?=[aeioAEIO]|un)", r"\1n ", text)  # "a" before a vowel is "an"


def sometimes(common, unusual, p):
    """A slot that mostly picks from common and with probability p from unusual (the non-ASCII spellings)."""
    return lambda rng: pick(rng, unusual) if rng.random() < p else pick(rng, common)


# ----------------------------------------------------------------------------------------------------------------------
# SST-2: labelled PTB trees, and everything derived from them

SST_SIZES = {  # per split: non-neutral trees by root label, and neutral (root 2) trees
    "train": {0: 70, 1: 104, 3: 110, 4: 76, 2: 64},
    "dev": {0: 15, 1: 23, 3: 25, 4: 17, 2: 14},
    "test": {0: 20, 1: 29, 3: 30, 4: 21, 2: 18},
}
SST_TRAIN_DUPLICATES = 2  # train trees that occur twice (one negative, one positive), counted in SST_SIZES

# Leaf labels: cue words 0/1 (negative) or 3/4 (positive); every other token is 2.
SST_LEXICON = {}
SST_POS = ["wonderful", "brilliant", "superb", "masterful", "gripping", "funny", "moving", "charming", "engaging",
           "witty", "touching", "smart", "fresh", "delightful", "beautiful", "memorable", "heartfelt", "clever"]
SST_NEG = ["awful", "unbearable", "dreadful", "dull", "tedious", "boring", "flat", "lifeless", "clumsy", "predictable",
           "bland", "tired", "pointless", "stale", "shallow", "forgettable"]
SST_POS_NOUN = ["triumph", "gem", "pleasure", "delight"]
SST_NEG_NOUN = ["mess", "disaster", "chore", "bore"]
SST_POS_VERB = ["shines", "soars", "works", "sparkles"]
SST_NEG_VERB = ["drags", "fails", "sags", "stumbles"]
for _w in ["wonderful", "brilliant", "superb", "masterful", "triumph", "gem", "best"]:
    SST_LEXICON[_w] = 4
for _w in SST_POS + SST_POS_NOUN + SST_POS_VERB:
    SST_LEXICON.setdefault(_w, 3)
for _w in ["awful", "unbearable", "dreadful", "mess", "disaster", "worst"]:
    SST_LEXICON[_w] = 0
for _w in SST_NEG + SST_NEG_NOUN + SST_NEG_VERB:
    SST_LEXICON.setdefault(_w, 1)

SST_SLOTS = {
    "det": ["the", "this", "its"],
    "noun": ["film", "movie", "story", "script", "cast", "plot", "screenplay", "direction", "dialogue", "ending",
             "soundtrack", "premise", "comedy", "drama", "thriller", "romance", "documentary", "sequel", "picture",
             "debut", "acting", "pacing", "humor"],
    "nouns": ["films", "movies", "performances", "characters", "scenes", "moments", "actors", "jokes"],
    "adv": ["very", "quite", "often", "really", "surprisingly", "thoroughly", "consistently", "utterly", "rather",
            "simply", "almost"],
    "name": sometimes(["Hollis", "Dabney", "Okafor", "Lindqvist", "Marguerite", "Tavish", "Ines Moreau", "Kowalski",
                       "Abernathy"], ["Müller", "José Ferrer"], 0.05),
    "title": sometimes(["`` Blue Harbor ''", "`` Paper Kites ''", "`` The Quiet Field ''", "`` Small Hours ''"],
                       ["`` Café Lumen ''"], 0.1),
    "role": ["writer\\/director", "actor\\/director", "director", "co-writer", "producer"],
    "topic": ["a family in crisis", "two brothers", "a small town", "a retired teacher", "the music business",
              "a summer romance", "an aging boxer", "growing up", "first love", "a lonely widow"],
    "place": sometimes(["Paris", "Lisbon", "a seaside town", "New Jersey", "the Midwest"], ["Montréal"], 0.1),
    "job": ["teacher", "detective", "musician", "widow", "boxer", "chef"],
    "genre": ["comedy", "drama", "thriller", "romance", "documentary"],
    "length": ["90 minutes", "100 minutes", "two hours", "three hours"],
    "pos": SST_POS, "neg": SST_NEG, "posn": SST_POS_NOUN, "negn": SST_NEG_NOUN, "posv": SST_POS_VERB,
    "negv": SST_NEG_VERB,
}
SST_CLAUSES = {
    "P": ["{det} {noun} is {adv} {pos}", "{det} {noun} is {pos} and {pos}", "a {pos} , {pos} {noun} about {topic}",
          "it 's a {pos} {noun}", "{name} gives a {pos} performance", "{name} 's {noun} {posv}", "{det} {noun} {posv}",
          "one of the most {pos} {nouns} of the year", "{title} is a {posn}", "the {role} {name} has made a {pos} {noun}",
          "the best {noun} {name} has made", "a {posn} of a {noun}", "{det} {nouns} are {adv} {pos}", "{name} is {pos} as the {job}"],
    "N": ["{det} {noun} is {adv} {neg}", "{det} {noun} is {neg} and {neg}", "a {neg} , {neg} {noun} about {topic}",
          "it 's a {neg} {noun}", "{name} ca n't save this {neg} {noun}", "{det} {noun} {negv}",
          "{det} {noun} does n't work", "one of the most {neg} {nouns} of the year", "{title} is a {negn}",
          "the worst {noun} {name} has made", "the {role} {name} has made a {neg} {noun}",
          "{det} {nouns} are {adv} {neg}", "it 's a {negn} of a {noun}", "{name} is {neg} as the {job}"],
    "Z": ["{det} {noun} is about {topic}", "{name} plays a {job} in {place}", "it runs {length}",
          "{title} is a {genre} set in {place}", "the {role} {name} shot it in {place}", "{det} {noun} follows {topic}",
          "it opens in {place}", "{name} and {name} play {topic}", "it is mostly about {topic}"],
}
SST_PARENTHETICALS = ["-LRB- and {name} -RRB-", "-LRB- {length} -RRB-", "-LRB- mostly -RRB-", "-LRB- in {place} -RRB-"]
SST_CONNECTORS = [",", ", and", "and", "--", ";", "..."]
SST_BUT = [", but", "but", "-- but"]
SST_ENDINGS = ["."] * 16 + ["!"] * 2 + ["..."] * 2
SST_SHAPES = {  # clause kinds per sentence for each polarity; "~" joins with "but"
    "pos": [["P"], ["P"], ["P", "P"], ["P", "Z"], ["Z", "P"], ["N", "~", "P"], ["P", "Z", "P"]],
    "neg": [["N"], ["N"], ["N", "N"], ["N", "Z"], ["Z", "N"], ["P", "~", "N"], ["N", "Z", "N"]],
    "neutral": [["Z"], ["Z"], ["Z", "Z"], ["P", "~", "N"], ["N", "~", "P"]],
}
SST_RARE = {"train": ["zither", "harmonium", "kazoo"], "dev": ["bagpipes"], "test": ["theremin"]}
NBSP_TOKEN = "2\u00a01\\/2"  # as in the real trees: "2 1/2" with a no-break space, the slash escaped


def sst_leaf(token):
    label = SST_LEXICON.get(token.lower(), 2)
    return (label, token), label - 2


def span_label(score):
    return 4 if score >= 3 else 3 if score >= 1 else 2 if score == 0 else 1 if score >= -2 else 0


def sst_join(a, b):
    score = a[1] + b[1]
    return (span_label(score), a[0], b[0]), score


def sst_bracket(rng, tokens):
    """A random binary bracketing of tokens (leaning right-branching, as English parses do)."""
    if len(tokens) == 1:
        return sst_leaf(tokens[0])
    k = 1 if rng.random() < 0.4 else rng.randint(1, len(tokens) - 1)
    return sst_join(sst_bracket(rng, tokens[:k]), sst_bracket(rng, tokens[k:]))


def sst_chain(items):
    """Right-branching combination of subtrees: (a (b (c d)))."""
    node = items[-1]
    for item in reversed(items[:-1]):
        node = sst_join(item, node)
    return node


def tree_leaves(tree):
    return [tree[1]] if len(tree) == 2 else tree_leaves(tree[1]) + tree_leaves(tree[2])


def tree_nodes(tree):
    yield tree
    if len(tree) == 3:
        yield from tree_nodes(tree[1])
        yield from tree_nodes(tree[2])


def ptb(tree):
    if len(tree) == 2:
        return f"({tree[0]} {tree[1]})"
    return f"({tree[0]} {ptb(tree[1])} {ptb(tree[2])})"


def sst_sentence(rng, target, extra=None, first=None):
    """(tree, score) for one sentence with root label target; extra/first: a clause (tokens) appended/put first."""
    kind = "pos" if target > 2 else "neg" if target < 2 else "neutral"
    shape = pick(rng, SST_SHAPES[kind])
    items = []  # subtrees in order: clauses, connector leaves, parentheticals
    clauses = [first] if first else []
    for part in shape:
        clauses.append("~" if part == "~" else fill(rng, pick(rng, SST_CLAUSES[part]), SST_SLOTS).split(" "))
    if extra:
        clauses.append(extra)
    pending = None
    for i, clause in enumerate(clauses):
        if clause == "~":
            pending = pick(rng, SST_BUT)
            continue
        if items:
            connector = pending or pick(rng, SST_CONNECTORS)
            items.extend(sst_leaf(t) for t in connector.split(" "))
        pending = None
        items.append(sst_bracket(rng, clause))
        if i == 0 and rng.random() < 0.035:
            items.append(sst_bracket(rng, fill(rng, pick(rng, SST_PARENTHETICALS), SST_SLOTS).split(" ")))
    body = sst_chain(items)
    tree, score = sst_join(body, sst_leaf(pick(rng, SST_ENDINGS)))
    tree = (target,) + tree[1:]
    # Capitalise the first word, as the real trees keep the original case.
    def capitalise(node):
        if len(node) == 2:
            word = node[1]
            return (node[0], word[0].upper() + word[1:]) if word[0].islower() else node
        return (node[0], capitalise(node[1]), node[2])
    return capitalise(tree), score


def sst_score_fits(target, score):
    return {0: score <= -2, 1: score <= -1, 2: -1 <= score <= 1, 3: score >= 1, 4: score >= 2}[target]


def generate_sst(rng):
    """{split: [tree]} in the trees' order, and the raw treebank's global order [(split, tree)]."""
    seen = set()
    splits = {}
    for split, sizes in SST_SIZES.items():
        targets = []
        for label, count in sizes.items():
            duplicates = SST_TRAIN_DUPLICATES // 2 if split == "train" and label in (1, 3) else 0
            targets += [label] * (count - duplicates)
        rng.shuffle(targets)
        specials = {}  # position -> (extra, first)
        rare = list(SST_RARE[split])
        for position, label in enumerate(targets):
            if rare and label != 2 and position % 7 == 3:
                specials[position] = ("{name} plays the " + rare.pop(0), None)
        if split == "train":
            nbsp_at = next(i for i, label in enumerate(targets) if label == 1 and i not in specials)
            specials[nbsp_at] = (None, ["It", "runs", NBSP_TOKEN, "hours"])
        assert not rare
        trees = []
        for position, target in enumerate(targets):
            extra, first = specials.get(position, (None, None))
            while True:
                extra_tokens = fill(rng, extra, SST_SLOTS).split(" ") if extra else None
                tree, score = sst_sentence(rng, target, extra_tokens, first)
                leaves = tree_leaves(tree)
                key = " ".join(leaves).lower()
                if 5 <= len(leaves) <= 25 and sst_score_fits(target, score) and key not in seen:
                    break
            seen.add(key)
            trees.append(tree)
        if split == "train":
            # Two sentences occur twice in train, as some do in the real SST-2: one negative, one positive.
            for label in (1, 3):
                original = next(t for i, t in enumerate(trees) if t[0] == label and i not in specials)
                trees.insert(rng.randrange(len(trees) + 1), original)
        splits[split] = trees
    # The raw treebank lists all sentences in one order, the splits interleaved; each tree file keeps that order.
    ordered = [(split, tree) for split in SST_SIZES for tree in splits[split]]
    rng.shuffle(ordered)
    for split in SST_SIZES:
        splits[split] = [tree for s, tree in ordered if s == split]
    return splits, ordered


def binary_label(root):
    return None if root == 2 else 0 if root < 2 else 1


def sentence_of(tree):
    """The sentence files' text: the leaves joined by one space, lowercased (Python's str.lower())."""
    return " ".join(tree_leaves(tree)).lower()


def unbracket(text):
    """dictionary.txt and GLUE spell -LRB- / -RRB- as parentheses."""
    return text.replace("-LRB-", "(").replace("-RRB-", ")")


def glue_text(node):
    """GLUE's text of a tree or subtree: parentheses unescaped, lowercased."""
    return unbracket(" ".join(tree_leaves(node))).lower()


def mojibake(text):
    """UTF-8 read as Latin-1 and saved again as UTF-8: "é" becomes "Ã©", a no-break space "Â" + no-break space."""
    return text.encode("utf-8").decode("latin-1")


def write_sst(rng, splits, ordered, files):
    rows = {}
    # Kim's sentence files: sentence<TAB>label, neutral dropped, shuffled relative to the trees.
    for split, trees in splits.items():
        pairs = [(sentence_of(t), binary_label(t[0])) for t in trees if t[0] != 2]
        rng.shuffle(pairs)
        files[f"sst2/{split}.tsv"] = lines_bytes(["sentence\tlabel"] + [f"{s}\t{l}" for s, l in pairs])
        rows[f"sst2/{split}.tsv"] = len(pairs)

    # Stanford's trainDevTestTrees_PTB.zip: trees/{train,dev,test}.txt, one tree per line, all five labels kept.
    files["sst2/trainDevTestTrees_PTB.zip"] = zip_bytes(
        [("trees/", None)] + [(f"trees/{split}.txt", lines_bytes(ptb(t) for t in trees)) for split, trees in splits.items()])
    rows["sst2/trainDevTestTrees_PTB.zip"] = (
        " / ".join(f"{len(trees)} {split}" for split, trees in splits.items()) + " trees (" +
        " / ".join(str(sum(1 for t in trees if t[0] != 2)) for trees in splits.values()) + " not neutral)")

    # stanfordSentimentTreebank.zip: datasetSentences.txt, datasetSplit.txt, dictionary.txt, sentiment_labels.txt.
    split_code = {"train": 1, "test": 2, "dev": 3}
    sentence_lines, split_lines = [b"sentence_index\tsentence"], [b"sentence_index,splitset_label"]
    non_ascii = 0
    exact_lines = []  # (split, phrase) of the sentences whose line equals their dictionary phrase
    phrase_label = {}  # phrase (original case, parentheses) -> label; sentences first, then leaves, then sub-phrases
    special_value = {}
    for index, (split, tree) in enumerate(ordered, start=1):
        text = " ".join(tree_leaves(tree))
        double_encoded = False
        if text.isascii():
            encoded = text.encode("utf-8")
        elif NBSP_TOKEN in text:
            encoded, double_encoded = mojibake(text).encode("utf-8"), True  # the stray "Â" before the no-break space
        else:
            # Encodings mixed line by line, as Sst2RawTreebank expects of the real file: double-encoded UTF-8,
            # plain UTF-8 and Latin-1 in turn.
            encoded = [mojibake(text).encode("utf-8"), text.encode("utf-8"), text.encode("latin-1")][non_ascii % 3]
            double_encoded = non_ascii % 3 == 0
            non_ascii += 1
        if not double_encoded and unbracket(text) == text:
            exact_lines.append((split, text))
        sentence_lines.append(f"{index}\t".encode("ascii") + encoded)
        split_lines.append(f"{index},{split_code[split]}".encode("ascii"))
        phrase = unbracket(text)
        if phrase not in phrase_label:
            phrase_label[phrase] = tree[0]
        if split == "train" and tree[0] in (1, 2) and tree[0] + 10 not in special_value.values() and phrase not in special_value:
            special_value[phrase] = tree[0] + 10  # one sentence at exactly 0.4 (negative), one at exactly 0.6 (neutral)
    for _, tree in ordered:
        for node in tree_nodes(tree):
            if len(node) == 2:
                phrase_label.setdefault(unbracket(node[1]), node[0])
    candidates = {}
    for _, tree in ordered:
        for node in tree_nodes(tree):
            if len(node) == 3:
                phrase = unbracket(" ".join(tree_leaves(node)))
                if phrase not in phrase_label:
                    candidates.setdefault(phrase, node[0])
    for phrase in rng.sample(list(candidates), 400):
        phrase_label[phrase] = candidates[phrase]
    ids = list(range(len(phrase_label)))
    rng.shuffle(ids)
    bands = {0: (0.01, 0.2), 1: (0.2001, 0.4), 2: (0.4001, 0.6), 3: (0.6001, 0.8), 4: (0.8001, 0.99)}
    values = {}
    phrase_id_of = dict(zip(phrase_label, ids))
    for phrase_id, (phrase, label) in zip(ids, phrase_label.items()):
        exact = {11: 0.4, 12: 0.6}.get(special_value.get(phrase))
        values[phrase_id] = exact if exact is not None else round(rng.uniform(*bands[label]), 5)
    # dictionary.txt: phrase|id sorted by phrase, in Latin-1 (its non-ASCII lines are not UTF-8).
    dictionary = [f"{p}|{phrase_id_of[p]}".encode("latin-1") for p in sorted(phrase_label)]
    labels = [b"phrase ids|sentiment values"] + [f"{i}|{values[i]}".encode("ascii") for i in sorted(values)]
    readme = ("Generated stand-in for the Stanford Sentiment Treebank's stanfordSentimentTreebank.zip (Safr.Kit\n"
              "data/samples, tools/samples/generate.py): made-up sentences in the real files' layout. Not the real data.\n")
    files["sst2/stanfordSentimentTreebank.zip"] = zip_bytes([
        ("stanfordSentimentTreebank/", None),
        ("stanfordSentimentTreebank/README.txt", readme.encode("ascii")),
        ("stanfordSentimentTreebank/datasetSentences.txt", b"".join(l + b"\n" for l in sentence_lines)),
        ("stanfordSentimentTreebank/datasetSplit.txt", b"".join(l + b"\n" for l in split_lines)),
        ("stanfordSentimentTreebank/dictionary.txt", b"".join(l + b"\n" for l in dictionary)),
        ("stanfordSentimentTreebank/sentiment_labels.txt", b"".join(l + b"\n" for l in labels)),
        # What a Mac's zip adds; readers must skip it.
        ("__MACOSX/stanfordSentimentTreebank/._dictionary.txt", b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        "),
    ])
    # What the kit's release-compatible read gives: the exact-match sentences, <= 0.4 negative, > 0.6 positive, train
    # balanced to the smaller class.
    kept = {"train": [0, 0], "dev": [0, 0], "test": [0, 0]}
    for split, phrase in exact_lines:
        value = values[phrase_id_of[phrase]]
        if value <= 0.4 or value > 0.6:
            kept[split][value > 0.6] += 1
    release = (f"{2 * min(kept['train'])} train (balanced) / {sum(kept['dev'])} dev / {sum(kept['test'])} test")
    rows["sst2/stanfordSentimentTreebank.zip"] = (f"{len(ordered)} sentences, {len(phrase_label):,} phrases; "
                                                 f"the release-compatible read keeps {release}")

    # GLUE's SST-2.zip: train = labelled phrases of the train trees (sentences and sub-phrases), dev = the dev
    # sentences, test = the test sentences without labels; lowercased, parentheses as in dictionary.txt, train and
    # dev rows ending with a space as GLUE's do.
    glue_train = {}
    for tree in splits["train"]:
        if tree[0] != 2:
            glue_train.setdefault(glue_text(tree), binary_label(tree[0]))
    held_out = {glue_text(t) for s in ("dev", "test") for t in splits[s]}
    sub_phrases = {}
    for tree in splits["train"]:
        for node in tree_nodes(tree):
            phrase = glue_text(node)
            if node[0] != 2 and phrase not in glue_train and phrase not in held_out:
                sub_phrases.setdefault(phrase, binary_label(node[0]))
    for phrase in rng.sample(list(sub_phrases), 300):
        glue_train[phrase] = sub_phrases[phrase]
    train_rows = list(glue_train.items())
    rng.shuffle(train_rows)
    dev_rows = [(glue_text(t), binary_label(t[0])) for t in splits["dev"] if t[0] != 2]
    rng.shuffle(dev_rows)
    test_rows = [glue_text(t) for t in splits["test"] if t[0] != 2]
    rng.shuffle(test_rows)
    files["sst2/SST-2.zip"] = zip_bytes([
        ("SST-2/", None),
        ("SST-2/train.tsv", lines_bytes(["sentence\tlabel"] + [f"{s} \t{l}" for s, l in train_rows])),
        ("SST-2/dev.tsv", lines_bytes(["sentence\tlabel"] + [f"{s} \t{l}" for s, l in dev_rows])),
        ("SST-2/test.tsv", lines_bytes(["index\tsentence"] + [f"{i}\t{s}" for i, s in enumerate(test_rows)])),
    ])
    rows["sst2/SST-2.zip"] = {"train": len(train_rows), "dev": len(dev_rows), "test": len(test_rows)}
    return rows


# ----------------------------------------------------------------------------------------------------------------------
# AG News: "class","title","description", classes 1..4, every field quoted, no header

AG_SOURCES = ["Wire Service", "NewsDesk", "Daily Ledger", "Global Press"]
AG_SLOTS = {
    "country": ["Valdoria", "Estmark", "Kessland", "Norvania", "Ostravia", "Belmara"],
    "city": ["Port Anselm", "Varek", "Lindholm", "Carrow", "Maristad"],
    "leader": ["Prime Minister Aldo Ferin", "President Mira Kaske", "Foreign Minister Jon Tavel", "Chancellor Ruth Emsley"],
    "issue": ["border", "trade", "water rights", "nuclear", "refugee", "fishing"],
    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "n": [str(i) for i in range(2, 40)],
    "small": [str(i) for i in range(0, 8)],
    "team": ["Harbor City Gulls", "Redmont Foxes", "Eastbay Miners", "Lakeport Comets", "Westfield Rams", "Granite Owls"],
    "player": ["Tomas Reyl", "Dario Venn", "Luka Bransen", "Owen Castell", "Pia Norlund", "Sami Okoro"],
    "event": ["Open", "Classic", "Grand Prix", "Masters", "Cup"],
    "company": ["Norvax", "Qelltech", "Bramble Corp.", "Halden Motors", "Sterlin Bank", "Corvid Airlines", "Pellam Foods"],
    "techco": ["Qelltech", "Zentrix", "Lumora Software", "Pixelon", "Arcwave Networks"],
    "product": ["Web browser", "search engine", "music player", "operating system", "wireless chip", "handheld computer"],
    "thing": ["ice", "water", "an ancient galaxy", "a new species of frog", "a gene linked to sleep"],
    "planet": ["Saturn", "Mars", "Titan", "a distant comet"],
    "quote": ["we will not back down", "this is a turning point", "we expect a strong year", "the team played with heart",
              "users will notice the difference", "the talks were useful"],
}
AG_TITLES = {
    1: ["{country} Holds Talks With {country} on {issue} Dispute", "{leader} Calls for Calm After Clashes in {city}",
        "Troops Leave {city} as Ceasefire Holds", "{country} Votes in Tight Election",
        "Council Urges {country} to End {issue} Dispute", "Rebels Free Hostages in {country}"],
    2: ["{team} Beat {team} {n}-{small}", "{player} Leads {team} Past {team}", "{team} Fire Coach After Losing Streak",
        "{player} Wins {event} Title", "{team} Sign {player} to {small}-Year Deal"],
    3: ["{company} Profit Rises {n} Percent", "Oil Prices Climb on Supply Fears", "{company} to Buy {company} for \\${n} Billion",
        "Stocks Slip as Investors Weigh Rates", "{company} Cuts Jobs to Save Costs"],
    4: ["{techco} Unveils New {product}", "Researchers Find {thing} on {planet}", "{techco} Patches Security Hole in {product}",
        "Space Probe Sends Back Images of {planet}", "{techco} Sues Rival Over {product} Patent"],
}
AG_SENTENCES = {
    1: ["{leader} said on {day} that talks with {country} would resume next week",
        "Thousands of people marched through {city} on {day} to protest against the new {issue} law",
        "The government said {n} soldiers were wounded in clashes near the border",
        "Officials in {city} said the ceasefire was holding, but aid groups warned that food supplies were running low",
        "Voters in {country} go to the polls on {day} in an election seen as a test for the ruling party",
        "{POSS_country} foreign minister said the {issue} dispute could be settled by the end of the year"],
    2: ["{player} scored twice in the second half as the {team} beat the {team} {n}-{small} on {day} night",
        "The {team} have won {n} straight games and lead the league by three points",
        "{player} returned from a knee injury and finished with {n} points",
        "The {team} said on {day} that their coach had been fired after a run of {n} losses",
        "{POSS_team} young goalkeeper made {n} saves to keep the lead"],
    3: ["Shares of {company} rose {n} percent on {day} after the company reported higher quarterly earnings",
        "{company} said it would cut {n},000 jobs as part of a plan to save \\${n} million a year",
        "Oil prices rose above \\${n} a barrel on {day} amid concerns over supply",
        "{company} agreed to buy {company} for about \\${n} billion in cash and stock",
        "{POSS_company} sales fell in the third quarter, hurt by higher fuel costs"],
    4: ["{techco} on {day} released a new version of its {product}, adding support for wireless networks",
        "Scientists said the discovery of {thing} on {planet} could help explain how the planet formed",
        "The company said the security flaw could let attackers take control of a user #39;s computer",
        "{techco} said more than {n} million people had downloaded its {product} since the launch",
        "{POSS_techco} new {product} will go on sale in {n} countries next month"],
}


def ag_possessive(rng, name):
    return f"{name} #39;s" if rng.random() < 0.7 else f"{name}'s"  # the real files' "#39;" for an apostrophe


def ag_text(rng, template):
    for slot in ("country", "team", "company", "techco"):
        template = template.replace("{POSS_" + slot + "}", ag_possessive(rng, pick(rng, AG_SLOTS[slot])))
    return fill(rng, template, AG_SLOTS)


def ag_row(rng, cls):
    title = ag_text(rng, pick(rng, AG_TITLES[cls]))
    if rng.random() < 0.15:
        title += f" ({pick(rng, AG_SOURCES)})"
    sentences = [ag_text(rng, s) for s in rng.sample(AG_SENTENCES[cls], rng.choice([1, 2, 2, 3]))]
    r = rng.random()
    if r < 0.10:
        sentences[0] += ", calling it \"" + pick(rng, AG_SLOTS["quote"]) + "\""  # doubled to "" in the file
    elif r < 0.20:
        sentences[0] += ", saying quot;" + pick(rng, AG_SLOTS["quote"]) + " quot;"
    description = ""
    for i, sentence in enumerate(sentences):
        if i:
            # A backslash stands where the source had a line break.
            description += rng.choices([" ", "\\", "\\\\", " \\ "], weights=[80, 10, 5, 5])[0]
        description += sentence + "."
    if rng.random() < 0.3:
        description = f"{pick(rng, AG_SLOTS['city']).upper()} ({pick(rng, AG_SOURCES)}) - " + description
    if rng.random() < 0.05:
        # A line break inside a sentence: "word\word".
        spaces = [m.start() for m in re.finditer(" ", description)]
        at = spaces[len(spaces) // 2]
        description = description[:at] + "\\" + description[at + 1:]
    r = rng.random()
    if r < 0.05:
        description += f" ({pick(rng, AG_SOURCES)})"
    elif r < 0.09:
        description += " &lt;b&gt;...&lt;/b&gt;"
    assert description.isascii() and title.isascii() and "\n" not in description
    return [str(cls), title, description]


def write_agnews(rng, files):
    rows = {}
    csv_files = {}
    seen = set()
    for split in ("train", "test"):
        records = []
        for cls in (1, 2, 3, 4):
            for _ in range(100):
                while True:
                    row = ag_row(rng, cls)
                    if (row[1], row[2]) not in seen:
                        break
                seen.add((row[1], row[2]))
                records.append(row)
        rng.shuffle(records)
        csv_files[split] = csv_bytes(records, csv.QUOTE_ALL)
        files[f"agnews/{split}.csv"] = csv_files[split]
        rows[f"agnews/{split}.csv"] = len(records)
    readme = ("Generated stand-in for ag_news_csv (Safr.Kit data/samples, tools/samples/generate.py): made-up news items\n"
              "in the real files' format. Not the real data.\n\n"
              "train.csv and test.csv: no header, every field quoted: \"class\",\"title\",\"description\", classes 1..4 as\n"
              "listed in classes.txt (line i is class i). 100 items per class in each file.\n")
    files["agnews/ag_news_csv.tgz"] = tar_gz_bytes([
        ("ag_news_csv/", None),
        ("ag_news_csv/classes.txt", lines_bytes(["World", "Sports", "Business", "Sci/Tech"])),
        ("ag_news_csv/readme.txt", readme.encode("ascii")),
        ("ag_news_csv/train.csv", csv_files["train"]),
        ("ag_news_csv/test.csv", csv_files["test"]),
    ])
    rows["agnews/ag_news_csv.tgz"] = {"train": rows["agnews/train.csv"], "test": rows["agnews/test.csv"]}
    return rows


# ----------------------------------------------------------------------------------------------------------------------
# IMDB: aclImdb/{train,test}/{pos,neg}/ID_RATING.txt and the CSV (sentence,label,file)

IMDB_SLOTS = {
    "pa": ["wonderful", "brilliant", "superb", "gripping", "touching", "beautiful", "enjoyable", "charming", "excellent",
           "moving", "delightful", "funny"],
    "na": sometimes(["boring", "awful", "terrible", "dull", "stupid", "pointless", "poorly written", "disappointing",
                     "tedious", "ridiculous", "bad"], ["naïve"], 0.02),
    "name": sometimes(["Hollis", "Dabney", "Okafor", "Lindqvist", "Marguerite Aubel", "Tavish Crane"],
                      ["Müller", "José Ferrer"], 0.03),
    "title": sometimes(["Blue Harbor", "Paper Kites", "The Quiet Field", "Small Hours", "Night Train to Osgood"],
                       ["Café Lumen"], 0.04),
    "job": ["teacher", "detective", "musician", "widow", "boxer", "chef", "sheriff", "nurse"],
    "place": sometimes(["Paris", "Lisbon", "a seaside town", "New Jersey", "the Midwest", "Texas"], ["Montréal"], 0.04),
    "decade": ["1950", "1960", "1970", "1980"],
    "mins": ["90", "100", "110", "120", "140"],
}
IMDB_POS = ["This is one of the most {pa} films I have seen in years.", "The acting is {pa}, especially {name} as the {job}.",
            "I loved every minute of it.", "{name} gives a {pa} performance and the music is {pa}.",
            "The story is {pa} and the ending is {pa}.", "It's a {pa} little film that deserves a bigger audience.",
            "I laughed, I cried, and I would watch it again.", "Highly recommended!",
            "The direction by {name} is {pa} from start to finish.", "If you liked \"{title}\", you will love this one.",
            "Don't miss it.", "The photography is {pa}, and the cast is {pa}."]
IMDB_NEG = ["This is one of the worst films I have ever seen.", "The acting is {na}, especially {name} as the {job}.",
            "I wanted to like it, but it was {na}.", "The plot makes no sense and the dialogue is {na}.",
            "What a waste of time.", "Avoid this one.", "{name} tries hard, but the script is {na}.",
            "The ending is {na} and the pacing is {na}.", "Unlike \"{title}\", this one is {na}.",
            "I couldn't wait for it to end...", "The photography is {na}, and the cast is {na}."]
IMDB_NEUTRAL = ["I saw this movie on TV last night.", "The film is set in {place} in the {decade}s.",
                "{name} plays a {job} who moves back to {place}.", "It runs about {mins} minutes.",
                "My wife rented it because of the cover.", "It is based on a novel by {name}.",
                "The cast includes {name} and {name}.", "I watched it with my brother, who had read the book."]
IMDB_UNUSUAL = "It gave me a strange feeling of déjà vu."  # in a few reviews only


def imdb_review(rng, positive, rating):
    cues = IMDB_POS if positive else IMDB_NEG
    while True:
        paragraphs = []
        for _ in range(rng.choice([1, 2, 2, 3])):
            sentences = [fill(rng, pick(rng, cues if rng.random() < 0.6 else IMDB_NEUTRAL), IMDB_SLOTS)
                         for _ in range(rng.randint(2, 4))]
            if rng.random() < 0.03:
                sentences.insert(rng.randint(0, len(sentences)), IMDB_UNUSUAL)
            paragraphs.append(" ".join(sentences))
        if rng.random() < 0.4:
            paragraphs.append(rng.choice([f"{rating}/10", f"I give it {rating} out of 10."]))
        text = "<br /><br />".join(paragraphs)
        words = len(text.replace("<br /><br />", " ").split())
        if 20 <= words <= 80:
            return text


def write_imdb(rng, files):
    rows = {}
    tar_entries = [("aclImdb/", None)]
    seen = set()
    for split in ("train", "test"):
        tar_entries += [(f"aclImdb/{split}/", None)]
        csv_rows = [["sentence", "label", "file"]]
        for folder, label in (("neg", 0), ("pos", 1)):
            tar_entries += [(f"aclImdb/{split}/{folder}/", None)]
            for review_id in range(150):
                rating = rng.randint(1, 4) if label == 0 else rng.randint(7, 10)
                while True:
                    text = imdb_review(rng, label == 1, rating)
                    if text not in seen:
                        break
                seen.add(text)
                path = f"{split}/{folder}/{review_id}_{rating}.txt"
                tar_entries.append((f"aclImdb/{path}", text.encode("utf-8")))  # no newline at the end, as in aclImdb
                csv_rows.append([text, str(label), path])
        files[f"imdb/{split}.csv"] = csv_bytes(csv_rows, csv.QUOTE_MINIMAL)
        rows[f"imdb/{split}.csv"] = len(csv_rows) - 1
    readme = ("Generated stand-in for the Large Movie Review Dataset v1.0 (Safr.Kit data/samples,\n"
              "tools/samples/generate.py): made-up reviews in the real archive's layout. Not the real data.\n\n"
              "train/ and test/ each hold pos/ and neg/ with 150 reviews apiece, named ID_RATING.txt (ids 0..149;\n"
              "ratings 1-4 negative, 7-10 positive).\n")
    tar_entries.append(("aclImdb/README", readme.encode("ascii")))
    files["imdb/aclImdb_v1.tar.gz"] = tar_gz_bytes(tar_entries)
    rows["imdb/aclImdb_v1.tar.gz"] = {"train": rows["imdb/train.csv"], "test": rows["imdb/test.csv"]}
    return rows


# ----------------------------------------------------------------------------------------------------------------------
# Checks on what was generated, then the README

def check_sst(splits, files):
    for split, trees in splits.items():
        derived = sorted((sentence_of(t), binary_label(t[0])) for t in trees if t[0] != 2)
        text = files[f"sst2/{split}.tsv"].decode("utf-8").split("\n")
        assert text[0] == "sentence\tlabel" and text[-1] == ""
        written = sorted((s, int(l)) for s, l in (line.split("\t") for line in text[1:-1]))
        assert derived == written, split
        neutral = sum(1 for t in trees if t[0] == 2)
        assert 0.13 <= neutral / len(trees) <= 0.17, (split, neutral)
    counts = {split: len([t for t in trees if t[0] != 2]) for split, trees in splits.items()}
    assert counts == {"train": 360, "dev": 80, "test": 100}, counts
    train = [sentence_of(t) for t in splits["train"] if t[0] != 2]
    assert len(train) - len(set(train)) == 2
    assert sum(ptb(t).count("\u00a0") for t in splits["train"]) == 1
    assert not any("\u00a0" in ptb(t) for s in ("dev", "test") for t in splits[s])
    words = {}
    for sentence in train:
        for word in sentence.split(" "):
            words[word] = words.get(word, 0) + 1
    rare = sorted(w for w, c in words.items() if c < 2)
    assert rare == sorted(SST_RARE["train"] + [NBSP_TOKEN]), rare
    for tree in (t for trees in splits.values() for t in trees):
        for node in tree_nodes(tree):
            if len(node) == 2:
                assert not re.search(r"[ ()]", node[1]) and node[1], node


README = r"""# data/samples

Small **generated** stand-ins for the three datasets, in their real file formats and archive layouts, so that every
reader, tokenizer, sampler, CLI test, sweep, notebook smoke run and the notebook check runs on a fresh clone with no
data from outside. Every record is made up by `tools/samples/generate.py` from small word lists and templates; none is
copied from the real data. **Never use them for results**: they are a few hundred templated rows with planted cue
words, nothing like the real tasks.

Why generated: SST-2 and IMDB are published without a licence and AG News is for non-commercial research use only, so
no real record is committed (the real data lives outside the repository, see `data/README.md`).

Regenerate (deterministic, standard library only; byte-identical on every run with the same zlib):

```
python3 tools/samples/generate.py            # writes data/samples; or give another folder as the argument
```

Reading them needs checksum verification off (`DatasetOptions.VerifyChecksums = false`, or
`SAFR_VERIFY_CHECKSUMS=0`): they are not the published files, so their checksums and split digests differ.

| file | rows | bytes |
| --- | --- | --- |
{table}

## Quirks carried on purpose

- **SST-2 trees** (`trainDevTestTrees_PTB.zip`: `trees/train.txt`, `dev.txt`, `test.txt`), the source of the other
  SST-2 files: one binary PTB tree per line, a label 0..4 at every node, leaves `(L token)`; original case; the PTB
  tokens `-LRB-`, `-RRB-`, `n't`, `'s`, ``` `` ``` and `''`, `--`, `...` and `\/` (`writer\/director`); non-ASCII
  leaves (`Müller`, `Café`, `Montréal`, `José`); one train leaf holding a no-break space (`2\u00a01\/2`: a leaf ends
  only at an ASCII space or a parenthesis). About 15 % of the roots in each split are neutral (2). Two train trees
  occur twice. Trees are in `datasetSentences.txt`'s order.
- **SST-2 sentence files** (`train.tsv`, `dev.tsv`, `test.tsv`, Kim's split): header `sentence<TAB>label`; a sentence
  is its tree's leaves joined by one space and lowercased; root 0-1 gives 0, 3-4 gives 1, 2 is dropped; shuffled, so
  they hold the trees' rows per split but in another order; the two duplicates in train; four train tokens seen only
  once (`zither`, `harmonium`, `kazoo` and the no-break-space one), and one word each in dev and test never seen in
  train.
- **stanfordSentimentTreebank.zip**: `datasetSentences.txt` (`sentence_index<TAB>sentence`, 1-based, the splits
  interleaved), `datasetSplit.txt` (1 train, 2 test, 3 dev), `dictionary.txt` (`phrase|id`, sorted by phrase: every
  sentence, every token and 400 sub-phrases, with `(` `)` for `-LRB-` `-RRB-`), `sentiment_labels.txt` (each value in
  its label's fifth of [0, 1]; one train sentence at exactly 0.4, one at exactly 0.6), a README and a `__MACOSX/`
  entry. Encodings are mixed, as the kit's reader expects of the real files: `dictionary.txt` is Latin-1; in
  `datasetSentences.txt` the non-ASCII lines are in turn double-encoded UTF-8 (`CafÃ©`, and `2Â\u00a01\/2`), UTF-8
  and Latin-1. Sentences with `-LRB-` or double encoding match no dictionary phrase exactly, so the release's exact
  merge skips them (the table's counts); `MatchRepairedText` finds them all ({repaired}).
- **SST-2.zip** (GLUE): `SST-2/train.tsv` (labelled phrases of the train trees: the sentences and 300 sub-phrases,
  shuffled), `SST-2/dev.tsv`, `SST-2/test.tsv` (`index<TAB>sentence`, no labels); lowercased, `(` `)` rather than
  `-lrb-` `-rrb-`, train and dev text ending in a space as GLUE's does.
- **AG News** (`train.csv`, `test.csv`, and `ag_news_csv.tgz` with `ag_news_csv/{{train,test}}.csv`, `classes.txt`,
  `readme.txt`; the same CSV bytes): no header, every field quoted, 100 rows per class with the classes 1..4 shuffled
  together, LF line ends, ASCII only; `""` and commas inside fields, `#39;` for an apostrophe, ` quot;` for a quote,
  `&lt;b&gt;...&lt;/b&gt;`, ` \$` before amounts, backslashes for line breaks (`word.\Next`, `\\`, ` \ `,
  `word\word`), made-up source tags (`CITY (Wire Service) - ...`, `... (NewsDesk)`).
- **IMDB** (`train.csv`, `test.csv`: header `sentence,label,file`, minimal quoting, neg reviews then pos, each by
  id, `file` like `train/neg/0_3.txt`; `aclImdb_v1.tar.gz`: `aclImdb/{{train,test}}/{{neg,pos}}/ID_RATING.txt` and
  `aclImdb/README`, the same reviews, with no newline at their end): 150 reviews per class and split, ids 0..149,
  20-80 words, `<br /><br />` between paragraphs, quotes and commas, a few non-ASCII characters (`déjà vu`, `naïve`,
  `Müller`); ratings 1-4 negative, 7-10 positive, sometimes repeated in the text (`8/10`).
"""


def format_rows(value):
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return " / ".join(f"{v:,} {k}" for k, v in value.items())
    return f"{value:,}"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.dirname(here)), "data", "samples")
    rng = random.Random(SEED)
    files, rows = {}, {}
    splits, ordered = generate_sst(rng)
    rows.update(write_sst(rng, splits, ordered, files))
    check_sst(splits, files)
    rows.update(write_agnews(rng, files))
    rows.update(write_imdb(rng, files))
    order = ["sst2/train.tsv", "sst2/dev.tsv", "sst2/test.tsv", "sst2/trainDevTestTrees_PTB.zip",
             "sst2/stanfordSentimentTreebank.zip", "sst2/SST-2.zip", "agnews/train.csv", "agnews/test.csv",
             "agnews/ag_news_csv.tgz", "imdb/train.csv", "imdb/test.csv", "imdb/aclImdb_v1.tar.gz"]
    assert sorted(order) == sorted(files)
    table = "\n".join(f"| `{name}` | {format_rows(rows[name])} | {len(files[name]):,} |" for name in order)
    binary = {split: [binary_label(t[0]) for t in trees if t[0] != 2] for split, trees in splits.items()}
    repaired = (f"{2 * min(binary['train'].count(0), binary['train'].count(1))} train (balanced) / "
                f"{len(binary['dev'])} dev / {len(binary['test'])} test")
    files["README.md"] = README.replace("{table}", table).replace("{repaired}", repaired).replace("{{", "{").replace("}}", "}").encode("utf-8")
    for name, data in files.items():
        write_bytes(os.path.join(out, name), data)
    total = 0
    for name in order + ["README.md"]:
        data = files[name]
        total += len(data)
        print(f"{name:38} {len(data):>9,} bytes  sha256 {hashlib.sha256(data).hexdigest()}  rows {format_rows(rows.get(name, '-')) if name in rows else '-'}")
    print(f"{'total':38} {total:>9,} bytes in {out}")


if __name__ == "__main__":
    main()
