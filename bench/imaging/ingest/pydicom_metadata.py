#!/usr/bin/python3
"""pydicom's side of the imaging-ingest benchmark: reads the metadata the node records from every DICOM file under
imaging/ (dcmread with stop_before_pixels), groups the files by series and prints the median time in seconds."""
import os, statistics, sys, time
import pydicom

root, runs = sys.argv[1], int(sys.argv[2])
paths = sorted(os.path.join(d, f) for d, _, files in os.walk(root) for f in files if f.endswith(".dcm"))


def run():
    start = time.perf_counter()
    series = {}
    for p in paths:
        ds = pydicom.dcmread(p, stop_before_pixels=True)
        row = (ds.PatientID, ds.StudyInstanceUID, ds.get("Modality"), ds.get("BodyPartExamined"), ds.get("Manufacturer"),
               ds.get("SeriesDescription"), ds.get("SliceThickness"), ds.get("PixelSpacing"), ds.get("Rows"), ds.get("Columns"),
               ds.get("SeriesDate") or ds.get("StudyDate"), ds.get("NumberOfFrames", 1), ds.file_meta.TransferSyntaxUID)
        series.setdefault(ds.SeriesInstanceUID, []).append(row)
    return time.perf_counter() - start, len(series)


run()
times = [run() for _ in range(runs)]
print(statistics.median(t for t, _ in times), times[0][1])
