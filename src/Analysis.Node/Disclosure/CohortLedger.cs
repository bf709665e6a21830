using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using Analysis.Node.Pipeline;

namespace Analysis.Node.Disclosure;

/// <summary>
/// Every cohort (set of patients) the node has answered about, to anyone, kept across restarts: a new cohort whose
/// patients differ from an answered one's by at least one but fewer than the policy's
/// <c>minCohortDifference</c> is refused, so no two answers can be subtracted to isolate a few patients
/// (count(age ≤ 33) − count(age ≤ 32), a cohort minus the same cohort of the other sex, a model on 400 against 399).
/// </summary>
/// <remarks>
/// <para>A cohort is stored as its key (the XOR of its record keys), its size and a bitmap over the patients' audit
/// indexes, in <c>cohort-ledger.bin</c> (owner-only) in the data folder. The ledger belongs to one version of the
/// data: when ingest changes the data (its fingerprint), the old ledger is set aside and a new one starts.</para>
/// <para>Cost: one comparison per stored cohort of similar size (a popcount over n/64 words), memory n/8 bytes per
/// stored cohort; a 1,000-patient site holding 10,000 cohorts uses 1.3 MB.</para>
/// </remarks>
internal sealed class CohortLedger : ICohortAdmission, IDisposable
{
    /// <summary>The ledger's file name in the data folder.</summary>
    public const string FileName = "cohort-ledger.bin";

    private static readonly byte[] Magic = "ACL1"u8.ToArray();
    private readonly object _gate = new();
    private readonly List<Entry> _entries = [];
    private readonly Dictionary<(ulong Key, int Count), int> _byKey = [];
    private readonly int _words;
    private readonly int _minDifference;
    private readonly FileStream _file;

    private sealed record Entry(ulong Key, int Count, ulong[] Members);

    /// <summary>Opens (or starts) the ledger of the data version <paramref name="dataFingerprint"/>.</summary>
    /// <param name="dataDirectory">The site's data folder.</param>
    /// <param name="dataFingerprint">Identifies the ingested data (e.g. a hash of the ingest log).</param>
    /// <param name="patients">Patients in the data: the bitmaps' width.</param>
    /// <param name="minDifference">The smallest non-zero difference between two cohorts that may both be answered.</param>
    public CohortLedger(string dataDirectory, string dataFingerprint, int patients, int minDifference)
    {
        _words = Math.Max(1, (patients + 63) / 64);
        _minDifference = minDifference;
        var path = Path.Combine(dataDirectory, FileName);
        var header = Header(dataFingerprint, patients);
        if (File.Exists(path) && !HasHeader(path, header))
        {
            // Other data: the stored cohorts index other patients. Keep the old file for the record.
            File.Move(path, path + $".{DateTime.UtcNow:yyyyMMddHHmmss}.old", overwrite: true);
        }
        _file = new FileStream(path, FileModes.OwnerOnlyOptions(FileMode.OpenOrCreate, FileAccess.ReadWrite));
        FileModes.RestrictToOwner(path);
        if (_file.Length == 0)
        {
            _file.Write(header);
            _file.Flush(flushToDisk: true);
        }
        else
        {
            Load(header.Length);
        }
    }

    /// <summary>Cohorts stored.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _entries.Count;
        }
    }

    /// <summary>
    /// Admits a cohort: returns when it equals a stored one or differs from every stored one by 0 or at least the
    /// minimum; stores it when new. Otherwise throws a 422 naming the rule.
    /// </summary>
    /// <param name="key">The XOR of the cohort's record keys.</param>
    /// <param name="members">The cohort's audit indexes.</param>
    /// <param name="what">What is being asked, for the refusal's message (e.g. <c>the cohort</c>, <c>stratum 'IV'</c>).</param>
    /// <exception cref="RequestException">422: the cohort differs from an answered one by fewer patients than the minimum.</exception>
    public void Admit(ulong key, IReadOnlyCollection<int> members, string what = "the cohort") => AdmitAll([new Cohort(key, members, what)]);

    /// <summary>A cohort one answer is about.</summary>
    /// <param name="Key">The XOR of its record keys.</param>
    /// <param name="Members">Its patients' audit indexes.</param>
    /// <param name="What">What it is, for a refusal's message.</param>
    public sealed record Cohort(ulong Key, IReadOnlyCollection<int> Members, string What);

    /// <summary>
    /// Admits the cohorts of one answer together (a risk table's cohort and its strata): either every one passes, against
    /// the stored cohorts and against each other, and the new ones are stored, or none is stored and a 422 names the first
    /// that failed. All-or-nothing, so a refused answer leaves no trace that could refuse later, legitimate ones.
    /// </summary>
    /// <param name="cohorts">The cohorts.</param>
    /// <exception cref="RequestException">422: a cohort differs from an answered one (or another of these) by fewer patients than the minimum.</exception>
    public void AdmitAll(IReadOnlyList<Cohort> cohorts)
    {
        var candidates = cohorts.Select(c => new Entry(c.Key, c.Members.Count, Bitmap(c.Members))).ToList();
        lock (_gate)
        {
            var fresh = new List<Entry>();
            for (var i = 0; i < candidates.Count; i++)
            {
                var candidate = candidates[i];
                if (Passes(candidate, _entries) && Passes(candidate, fresh))
                {
                    if (!fresh.Any(f => f.Count == candidate.Count && f.Members.AsSpan().SequenceEqual(candidate.Members)) && !IsStored(candidate))
                        fresh.Add(candidate);
                    continue;
                }
                // The message does not say by how many patients: that number would itself be the difference the rule hides.
                throw RequestException.Refused(
                    $"{cohorts[i].What} differs from a cohort already answered by fewer than {_minDifference} patients " +
                    $"(the site's minimum cohort difference); cohorts must be the same or differ by at least {_minDifference}, " +
                    "so that two answers cannot be subtracted to single out a few patients");
            }
            foreach (var entry in fresh) Append(entry);
        }
    }

    /// <summary>Whether a cohort of this key and size is stored (see <see cref="DisclosureControl.NeedsMembers"/> for why that suffices).</summary>
    /// <param name="key">The XOR of the cohort's record keys.</param>
    /// <param name="count">Its size.</param>
    public bool Holds(ulong key, int count)
    {
        lock (_gate) return _byKey.ContainsKey((key, count));
    }

    private ulong[] Bitmap(IReadOnlyCollection<int> members)
    {
        var bitmap = new ulong[_words];
        foreach (var m in members)
        {
            if (m < 0 || m >= _words * 64) throw new ArgumentOutOfRangeException(nameof(members), m, "an audit index outside the data");
            bitmap[m >> 6] |= 1UL << (m & 63);
        }
        return bitmap;
    }

    private bool IsStored(Entry candidate) =>
        _byKey.TryGetValue((candidate.Key, candidate.Count), out var index) && _entries[index].Members.AsSpan().SequenceEqual(candidate.Members);

    /// <summary>False when the candidate differs from one of <paramref name="entries"/> by 1 to the minimum − 1.</summary>
    private bool Passes(Entry candidate, List<Entry> entries)
    {
        if (IsStored(candidate)) return true;
        foreach (var entry in entries)
        {
            if (Math.Abs(entry.Count - candidate.Count) >= _minDifference) continue;
            var difference = Difference(entry.Members, candidate.Members);
            if (difference > 0 && difference < _minDifference) return false;
        }
        return true;
    }

    private static int Difference(ulong[] a, ulong[] b)
    {
        var total = 0;
        for (var i = 0; i < a.Length; i++) total += BitOperations.PopCount(a[i] ^ b[i]);
        return total;
    }

    private void Append(Entry entry)
    {
        Span<byte> head = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(head, entry.Key);
        BinaryPrimitives.WriteInt32LittleEndian(head[8..], entry.Count);
        var body = new byte[_words * 8];
        for (var i = 0; i < _words; i++) BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(i * 8), entry.Members[i]);
        _file.Seek(0, SeekOrigin.End);
        _file.Write(head);
        _file.Write(body);
        // Stored before the answer leaves: a crash right after answering must not forget the cohort.
        _file.Flush(flushToDisk: true);
        Remember(entry);
    }

    private void Remember(Entry entry)
    {
        _byKey[(entry.Key, entry.Count)] = _entries.Count;
        _entries.Add(entry);
    }

    private void Load(int headerLength)
    {
        var recordLength = 12 + _words * 8;
        _file.Seek(headerLength, SeekOrigin.Begin);
        var buffer = new byte[recordLength];
        while (_file.ReadAtLeast(buffer, recordLength, throwOnEndOfStream: false) == recordLength)
        {
            var members = new ulong[_words];
            for (var i = 0; i < _words; i++) members[i] = BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(12 + i * 8));
            Remember(new Entry(BinaryPrimitives.ReadUInt64LittleEndian(buffer), BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(8)), members));
        }
        // A record torn by a crash mid-write is dropped; later records are appended after the last whole one.
        _file.SetLength(headerLength + (long)_entries.Count * recordLength);
    }

    private static byte[] Header(string dataFingerprint, int patients)
    {
        var header = new byte[4 + 32 + 4];
        Magic.CopyTo(header, 0);
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(dataFingerprint)).CopyTo(header, 4);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(36), patients);
        return header;
    }

    private static bool HasHeader(string path, byte[] header)
    {
        using var stream = File.OpenRead(path);
        var existing = new byte[header.Length];
        return stream.ReadAtLeast(existing, header.Length, throwOnEndOfStream: false) == header.Length && existing.AsSpan().SequenceEqual(header);
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();
}
