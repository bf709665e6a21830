#!/usr/bin/python3
"""Writes dictionary.txt, the data dictionary the reader uses to give VRs under implicit VR.

Source: the DICOM standard PS3.6 "Registry of DICOM Data Elements" (2022 edition), in the
machine-readable transcription Debian's python3-pydicom 2.3 installs locally
(pydicom/_dicom_dict.py, itself generated from the standard's DocBook XML). Nothing is
downloaded. Kept: every public element outside the command group (0000) with a fixed tag
(the repeating 50xx/60xx groups are left out; under implicit VR they read as UN).
One line per element: GGGGEEEE VR Keyword, where VR may be "US|SS" or "OB|OW" when the
standard allows several (the reader resolves them as PS3.5 Annex A.1 says).
Run: /usr/bin/python3 generate_dictionary.py > dictionary.txt
"""
from pydicom._dicom_dict import DicomDictionary

for tag in sorted(DicomDictionary):
    vr, _vm, _name, _retired, keyword = DicomDictionary[tag]
    if tag >> 16 == 0 or not keyword:
        continue
    vr = "|".join(v.strip() for v in vr.split(" or "))
    print(f"{tag:08X} {vr} {keyword}")
