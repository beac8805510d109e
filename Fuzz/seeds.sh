#!/usr/bin/env bash
# Builds the seed corpora in Fuzz/corpus/<target>/ from the project's Policies/ and Scenarios/
# and the hand-written seeds in Fuzz/seeds/<target>/. Corpora are generated, never committed;
# running this again adds what is missing and keeps what the fuzzer found.
set -euo pipefail
cd "$(dirname "$0")"
root=..
corpus=corpus
mkdir -p "$corpus"/{yaml,flow,jsonflow,policy,suite,bundle,record}

for target in yaml flow jsonflow policy suite bundle record; do
  cp -n seeds/"$target"/* "$corpus/$target/" 2>/dev/null || true
done

# Every YAML text the project has: the YAML reader's corpus.
while IFS= read -r file; do
  cp -n "$file" "$corpus/yaml/$(echo "$file" | tr '/' '_')"
done < <(find "$root/Policies" "$root/Scenarios" -name '*.yaml' | sed "s|^$root/||" | sed "s|^|$root/|")

# Policy documents other than the vocabulary, which the target always loads itself.
while IFS= read -r file; do
  cp -n "$file" "$corpus/policy/$(basename "$(dirname "$file")")_$(basename "$file")"
done < <(find "$root/Policies" -name '*.yaml' ! -name 'vocabulary.yaml')

# Scenario suites.
while IFS= read -r file; do
  cp -n "$file" "$corpus/suite/$(basename "$(dirname "$file")")_$(basename "$file")"
done < <(grep -rl '^suite:' "$root/Scenarios" --include='*.yaml')

# Flows: the README's examples, every line of the example inventory, and (when Python has its
# YAML module) every flow inside the scenario suites. The flow target's first byte picks the
# reading: 0 YAML, 1 JSON, 2 JSON Lines. The JSON flow target takes the JSON itself, written as
# Python writes it: compact, indented, and with every non-ASCII character as a \u escape.
for file in "$root"/Scenarios/examples/*.yaml; do
  { printf '\000'; cat "$file"; } > "$corpus/flow/example_$(basename "$file")"
  cp -n "$file" "$corpus/record/example_$(basename "$file")"
done
{ printf '\002'; cat "$root/Scenarios/examples/inventory.jsonl"; } > "$corpus/flow/example_inventory.jsonl"
n=0
while IFS= read -r line; do
  n=$((n + 1))
  { printf '\001'; printf '%s' "$line"; } > "$corpus/flow/inventory_line_$n.json"
  printf '%s' "$line" > "$corpus/jsonflow/inventory_line_$n.json"
done < "$root/Scenarios/examples/inventory.jsonl"

python3 - "$root" "$corpus" <<'PY' || echo "seeds: flows inside suites skipped (python3 with PyYAML not available)"
import base64, hashlib, json, os, sys
root, corpus = sys.argv[1], sys.argv[2]

def quoted(text):
    out = '"'
    for ch in text:
        if ch == '"': out += '\\"'
        elif ch == '\\': out += '\\\\'
        elif ord(ch) < 0x20: out += '\\u%04x' % ord(ch)
        else: out += ch
    return out + '"'

def bundle(files):
    # The canonical layout of docs/policy-bundles.md, unsigned.
    files = sorted(files)
    manifest = "xborder-policy-bundle 1\n" + "".join(
        "%s %d %s\n" % (hashlib.sha256(data).hexdigest(), len(data), path) for path, data in files)
    digest = "sha256:" + hashlib.sha256(manifest.encode()).hexdigest()
    text = '{\n  "format": "xborder-policy-bundle",\n  "version": 1,\n  "digest": %s,\n' % quoted(digest)
    text += '  "manifest": [\n' + ",\n".join(
        '    {"path": %s, "size": %d, "sha256": %s}' % (quoted(p), len(d), quoted(hashlib.sha256(d).hexdigest())) for p, d in files)
    text += '\n  ],\n  "contents": [\n' + ",\n".join(
        '    {"path": %s, "base64": %s}' % (quoted(p), quoted(base64.b64encode(d).decode())) for p, d in files)
    return (text + '\n  ]\n}\n').encode()

policies = []
for folder, _, names in os.walk(os.path.join(root, "Policies")):
    for name in names:
        if name.endswith(".yaml"):
            path = os.path.join(folder, name)
            policies.append((os.path.relpath(path, os.path.join(root, "Policies")), open(path, "rb").read()))
for path, data in policies:
    open(os.path.join(corpus, "bundle", "one_" + path.replace("/", "_") + ".xbb"), "wb").write(bundle([(path, data)]))
vocabulary = [f for f in policies if f[0].endswith("vocabulary.yaml")]
open(os.path.join(corpus, "bundle", "vocabularies.xbb"), "wb").write(bundle(vocabulary))

def merged(defaults, flow):
    # Suite defaults fill in what a case leaves out, mapping by mapping.
    out = dict(defaults)
    for key, value in flow.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out

import yaml
count = 0
for folder, _, names in os.walk(os.path.join(root, "Scenarios")):
    for name in names:
        if not name.endswith(".yaml"): continue
        document = yaml.safe_load(open(os.path.join(folder, name), encoding="utf-8"))
        if not isinstance(document, dict) or "cases" not in document: continue
        defaults = document.get("defaults") or {}
        for case in document.get("cases") or []:
            flow = case.get("flow") if isinstance(case, dict) else None
            if not isinstance(flow, dict): continue
            flow = merged(defaults, flow)
            count += 1
            text = json.dumps(flow, ensure_ascii=False, default=str)
            open(os.path.join(corpus, "flow", "case_%d.json" % count), "wb").write(b"\x01" + text.encode())
            open(os.path.join(corpus, "jsonflow", "case_%d.json" % count), "wb").write(text.encode())
            pretty = json.dumps(flow, ensure_ascii=True, indent=2, default=str)
            open(os.path.join(corpus, "jsonflow", "case_%d_pretty.json" % count), "wb").write(pretty.encode())
            body = yaml.safe_dump(flow, allow_unicode=True, sort_keys=False).encode()
            open(os.path.join(corpus, "flow", "case_%d.yaml" % count), "wb").write(b"\x00" + body)
            open(os.path.join(corpus, "record", "case_%d.yaml" % count), "wb").write(body)
print("seeds: %d flows from the scenario suites" % count)
PY

for target in yaml flow jsonflow policy suite bundle record; do
  echo "seeds: $target $(find "$corpus/$target" -type f | wc -l) files"
done
