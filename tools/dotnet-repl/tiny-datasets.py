# Writes a small copy of the datasets (every k-th record, header kept) for tools/dotnet-repl/check-notebooks --tiny: the
# notebooks run unmodified in their full configuration, on less data. Usage: tiny-datasets.py SOURCE_FOLDER TARGET_FOLDER
import csv, os, sys
src, dst = sys.argv[1], sys.argv[2]
def sub(rel, keep, delim=',', header=True):
    os.makedirs(os.path.dirname(os.path.join(dst, rel)), exist_ok=True)
    with open(os.path.join(src, rel), newline='', encoding='utf-8') as f:
        rows = list(csv.reader(f, delimiter=delim, quoting=csv.QUOTE_NONE if delim == '\t' else csv.QUOTE_MINIMAL))
    head, body = (rows[:1], rows[1:]) if header else ([], rows)
    step = max(1, len(body) // keep)
    with open(os.path.join(dst, rel), 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, delimiter=delim, quoting=csv.QUOTE_NONE if delim == '\t' else csv.QUOTE_ALL, escapechar='\\' if delim == '\t' else None, lineterminator='\n')
        w.writerows(head + body[::step][:keep])
sub('sst2/train.tsv', 700, '\t'); sub('sst2/dev.tsv', 120, '\t'); sub('sst2/test.tsv', 200, '\t')
sub('agnews/test.csv', 900, header=False)

def short_reviews(rel, words):
    # Every review, cut to its first words: IMDB's release split takes the first 10,000 reviews per class of train as
    # train and the rest as dev, so fewer rows would leave dev empty; shorter ones make it cheap.
    os.makedirs(os.path.dirname(os.path.join(dst, rel)), exist_ok=True)
    with open(os.path.join(src, rel), newline='', encoding='utf-8') as f:
        rows = list(csv.reader(f))
    with open(os.path.join(dst, rel), 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator='\n')
        w.writerow(rows[0])
        w.writerows([' '.join(r[0].split()[:words])] + r[1:] for r in rows[1:])
short_reviews('imdb/train.csv', 16); short_reviews('imdb/test.csv', 16)
