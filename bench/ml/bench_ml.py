#!/usr/bin/python3
"""Analysis.ML against PyTorch CPU and scikit-learn on the same machine, same thread count.

1. One training epoch of the same MLP (30 -> 64 -> 32 -> 1, ReLU, BCE with logits, Adam lr 1e-3, batch 256,
   shuffled each epoch) on 50,000 x 30 float32 rows: TorchSharp (our TabularMlp + NetworkTraining) vs PyTorch.
2. Fitting WDBC (569 x 30, standardised): ML.NET L-BFGS logistic regression vs scikit-learn LogisticRegression,
   and ML.NET LightGbm (100 trees, 20 leaves) vs scikit-learn HistGradientBoostingClassifier (the same histogram
   gradient-boosting algorithm; LightGBM itself is not packaged for Debian's Python).
Each figure is the median of 5 runs after one warm-up. Usage: bench/ml/bench_ml.py [--threads N]
"""
import argparse, json, os, statistics, subprocess, sys, time

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=1)
args = parser.parse_args()
os.environ["OMP_NUM_THREADS"] = str(args.threads)

import numpy as np
import pandas as pd
import torch
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
subprocess.run(["dotnet", "build", os.path.join(root, "bench/ml/MlBench"), "-c", "Release", "-nologo", "-v", "quiet"], check=True, stdout=subprocess.DEVNULL)
ours = json.loads(subprocess.run(["dotnet", os.path.join(root, "bench/ml/MlBench/bin/Release/net10.0/MlBench.dll"), str(args.threads)],
                                 check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])

def median(run, repeats=5):
    run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter(); run(); times.append(time.perf_counter() - start)
    return statistics.median(times)

torch.set_num_threads(args.threads)
torch.manual_seed(1)
rows, features, batch = ours["rows"], ours["features"], ours["batch"]
X = torch.rand(rows, features) * 2 - 1
Y = ((X[:, 0] + X[:, 1]) > 0).float().reshape(-1, 1)
net = torch.nn.Sequential(torch.nn.Linear(features, 64), torch.nn.ReLU(), torch.nn.Linear(64, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1))
opt = torch.optim.Adam(net.parameters(), lr=1e-3)

def epoch():
    net.train()
    order = torch.randperm(rows)
    for start in range(0, rows, batch):
        index = order[start:start + batch]
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(net(X[index]), Y[index])
        loss.backward(); opt.step(); loss.item()

torch_epoch = median(epoch)

df = pd.read_csv(os.path.join(root, "data/wdbc/wdbc.csv")).set_index("id")
Xw = df.drop(columns=["diagnosis"]).values; yw = (df["diagnosis"] == "malignant").astype(int).values
def sk_logistic():
    scaled = StandardScaler().fit_transform(Xw)
    LogisticRegression(C=1.0, max_iter=10000).fit(scaled, yw)
def sk_boosting():
    HistGradientBoostingClassifier(max_iter=100, max_leaf_nodes=20, learning_rate=0.1, min_samples_leaf=10, early_stopping=False).fit(Xw, yw)
sk_log = median(sk_logistic)
sk_gbm = median(sk_boosting)

rows_out = [
    ("MLP epoch, 50k x 30, batch 256 (TorchSharp / PyTorch)", ours["mlp_epoch_s"], torch_epoch),
    ("WDBC logistic fit (ML.NET L-BFGS / sklearn)", ours["wdbc_logistic_s"], sk_log),
    ("WDBC boosting fit (ML.NET LightGbm / sklearn HistGB)", ours["wdbc_lightgbm_s"], sk_gbm),
]
print(f"threads {args.threads}, load average {os.getloadavg()[0]:.1f}; {ours['torch']}")
print(f"{'measure':58} {'ours s':>9} {'peer s':>9} {'ratio':>7}")
for name, a, b in rows_out:
    print(f"{name:58} {a:9.4f} {b:9.4f} {a / b:7.2f}")
