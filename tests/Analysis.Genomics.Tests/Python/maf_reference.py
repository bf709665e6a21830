"""Independent reference for the MAF tests: pandas reads the MAF and prints what the C# reader must agree with."""
import json
import sys

import pandas

NON_SYNONYMOUS = {"Frame_Shift_Del", "Frame_Shift_Ins", "Splice_Site", "Translation_Start_Site", "Nonsense_Mutation",
                  "Nonstop_Mutation", "In_Frame_Del", "In_Frame_Ins", "Missense_Mutation"}

path, exome_mb = sys.argv[1], float(sys.argv[2])
# pandas detects gzip from the extension only, so the test passes the compression explicitly for .gz-less gzip files.
compression = sys.argv[3] if len(sys.argv) > 3 else "infer"
maf = pandas.read_csv(path, sep="\t", comment="#", dtype=str, keep_default_na=False, compression=compression)
samples = sorted(maf["Tumor_Sample_Barcode"].unique())
coding = maf[maf["Variant_Classification"].isin(NON_SYNONYMOUS)]
mutated = coding.groupby("Hugo_Symbol")["Tumor_Sample_Barcode"].nunique()
variants = coding.groupby("Hugo_Symbol").size()
tmb = coding.groupby("Tumor_Sample_Barcode").size().reindex(samples, fill_value=0)
# The oncoplot order as maftools computes it: genes by mutated samples (then variants, then name); samples by their
# 0/1 pattern over those genes, mutated first gene by gene, ties in alphabetical order (R's order() is stable).
top = int(sys.argv[4]) if len(sys.argv) > 4 else 20
genes = sorted(mutated.index, key=lambda g: (-mutated[g], -variants[g], g))[:top]
carriers = {g: set(coding[coding["Hugo_Symbol"] == g]["Tumor_Sample_Barcode"]) for g in genes}
patterns = {s: tuple(0 if s in carriers[g] else 1 for g in genes) for s in samples}
onco_samples = sorted((s for s in samples if 0 in patterns[s]), key=lambda s: patterns[s])
# A cell as maftools' createOncoMatrix fills it since its issue #347: the classification of a gene's one counted variant
# in a sample, "Multi_Hit" for two or more (of the same classification or not), empty for none.
hits = coding.groupby(["Hugo_Symbol", "Tumor_Sample_Barcode"])["Variant_Classification"].apply(list)
cells = {g: {s: ("Multi_Hit" if len(hits[(g, s)]) > 1 else hits[(g, s)][0]) if (g, s) in hits.index else ""
             for s in onco_samples} for g in genes}
print(json.dumps({
    "oncoplot": {"genes": genes, "samples": onco_samples, "cells": cells},
    "columns": list(maf.columns),
    "rows": maf.to_dict(orient="records"),
    "samples": samples,
    "frequencies": {g: {"mutated": int(mutated[g]), "variants": int(variants[g]), "frequency": mutated[g] / len(samples)} for g in mutated.index},
    "tmb": {s: {"variants": int(tmb[s]), "perMb": tmb[s] / exome_mb} for s in samples},
}))
