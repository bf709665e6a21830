using System.Text.Json;
using Analysis.Contracts;
using Analysis.Node.Pipeline;

namespace Analysis.Node.Learning;

/// <summary>
/// The site's differential-privacy accounting for federated learning: Rényi differential privacy (RDP) of the
/// Poisson-subsampled Gaussian mechanism (DP-SGD), composed over every step a user, and a study, has trained at the
/// site, converted to (ε, δ); kept in <c>privacy-budget.json</c> (owner-only) in the data folder.
/// </summary>
/// <remarks>
/// <para>Per step with sampling rate q and noise multiplier σ, at integer order α ≥ 2 the RDP is at most
/// <c>log(Σₖ C(α,k) (1−q)^(α−k) qᵏ exp((k²−k)/(2σ²))) / (α−1)</c> (Mironov, Talwar and Zhang, "Rényi Differential
/// Privacy of the Sampled Gaussian Mechanism", 2019, section 3.3; the bound TF Privacy's and Opacus' RDP accountants
/// compute at integer orders). With q = 1 it is the Gaussian mechanism's α/(2σ²). Steps compose by adding RDP per order.</para>
/// <para>Conversion to (ε, δ) takes the best order: <c>ε = RDP(α) + log((α−1)/α) − (log δ + log α)/(α−1)</c>
/// (Balle et al. 2020, "Hypothesis testing interpretations and Rényi differential privacy", Theorem 21, as Opacus' and
/// TF Privacy's current <c>get_privacy_spent</c>); <see cref="Epsilon"/> also offers the classic
/// <c>RDP(α) + log(1/δ)/(α−1)</c> (Mironov 2017, Proposition 3) to compare with older published figures.</para>
/// <para>Orders 2 to 64, 128 and 256: integer orders only, so the bound is the exact closed form; fractional orders
/// would give a slightly smaller ε (Opacus' reference setting q = 0.04, σ = 1.5, 2,250 steps: 7.3291 with fractional
/// orders, 7.3299 here), so the budget errs on the safe side.</para>
/// </remarks>
internal sealed class PrivacyAccountant : IDisposable
{
    /// <summary>The file's name in the data folder.</summary>
    public const string FileName = "privacy-budget.json";

    /// <summary>The RDP orders tracked.</summary>
    public static readonly int[] Orders = [.. Enumerable.Range(2, 63), 128, 256];

    private readonly object _gate = new();
    private readonly string _path;
    private readonly LearningPolicy _policy;
    private readonly Dictionary<string, double[]> _spent;

    /// <summary>Opens (or starts) the accounts in <paramref name="dataDirectory"/>.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not the accountant's.</exception>
    public PrivacyAccountant(string dataDirectory, LearningPolicy policy)
    {
        _path = Path.Combine(dataDirectory, FileName);
        _policy = policy;
        _spent = [];
        if (!File.Exists(_path)) return;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(_path));
            foreach (var account in document.RootElement.GetProperty("rdp").EnumerateObject())
            {
                var values = account.Value.EnumerateArray().Select(v => v.GetDouble()).ToArray();
                if (values.Length != Orders.Length) throw new InvalidDataException($"{_path}: account '{account.Name}' has {values.Length} orders, not {Orders.Length}");
                _spent[account.Name] = values;
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Never start a fresh budget over an unreadable one: that would hand every user their budget again.
            throw new InvalidDataException($"{_path}: the privacy budget cannot be read ({e.Message}); restore it from a backup", e);
        }
        FileModes.RestrictToOwner(_path);
    }

    /// <summary>The RDP at each of <see cref="Orders"/> of <paramref name="steps"/> steps of the Poisson-subsampled Gaussian mechanism.</summary>
    /// <param name="q">Sampling rate (0, 1].</param>
    /// <param name="sigma">Noise multiplier (noise SD over the clipping norm).</param>
    /// <param name="steps">Steps composed.</param>
    public static double[] Rdp(double q, double sigma, long steps) => [.. Orders.Select(a => steps * RdpAtOrder(q, sigma, a))];

    /// <summary>One step's RDP at integer order <paramref name="alpha"/> (≥ 2).</summary>
    public static double RdpAtOrder(double q, double sigma, int alpha)
    {
        if (q <= 0) return 0;
        if (sigma <= 0) return double.PositiveInfinity;
        if (q >= 1) return alpha / (2 * sigma * sigma);
        // log Σ_k exp(log C(α,k) + k log q + (α−k) log(1−q) + (k²−k)/(2σ²)), summed in log space.
        var logQ = Math.Log(q);
        var log1MinusQ = Math.Log(1 - q);
        var terms = new double[alpha + 1];
        double logBinomial = 0;
        for (var k = 0; k <= alpha; k++)
        {
            if (k > 0) logBinomial += Math.Log(alpha - k + 1) - Math.Log(k);
            terms[k] = logBinomial + k * logQ + (alpha - k) * log1MinusQ + (k * (double)k - k) / (2 * sigma * sigma);
        }
        var top = terms.Max();
        var logA = top + Math.Log(terms.Sum(t => Math.Exp(t - top)));
        return logA / (alpha - 1);
    }

    /// <summary>The ε for <paramref name="delta"/> of an RDP curve over <see cref="Orders"/>, at the best order.</summary>
    /// <param name="rdp">RDP per order.</param>
    /// <param name="delta">The δ.</param>
    /// <param name="classic">Use the classic conversion (older published figures) instead of Balle et al.'s.</param>
    public static double Epsilon(IReadOnlyList<double> rdp, double delta, bool classic = false)
    {
        // Nothing spent is no privacy loss (the conversion's δ term alone would otherwise report a small ε).
        if (rdp.All(r => r == 0)) return 0;
        var best = double.PositiveInfinity;
        for (var i = 0; i < Orders.Length; i++)
        {
            double a = Orders[i];
            var eps = classic
                ? rdp[i] + Math.Log(1 / delta) / (a - 1)
                : rdp[i] + Math.Log((a - 1) / a) - (Math.Log(delta) + Math.Log(a)) / (a - 1);
            if (eps < best) best = eps;
        }
        return Math.Max(0, best);
    }

    /// <summary>
    /// Charges a training request to the user and the study before it runs; refuses (422) when either's ε would then
    /// exceed the policy. <see cref="Refund"/> gives it back if nothing is released.
    /// </summary>
    /// <param name="user">Who trains.</param>
    /// <param name="study">The user's study.</param>
    /// <param name="rdp">The request's RDP per order (<see cref="Rdp(double, double, long)"/>).</param>
    /// <returns>The budget after the charge.</returns>
    /// <exception cref="RequestException">422: the budget would be exceeded.</exception>
    public PrivacyBudget Charge(string user, string study, double[] rdp)
    {
        lock (_gate)
        {
            var userAfter = Add(Account("user", user), rdp);
            var studyAfter = Add(Account("study", study), rdp);
            var userEps = Epsilon(userAfter, _policy.Delta);
            var studyEps = Epsilon(studyAfter, _policy.Delta);
            var cost = Epsilon(rdp, _policy.Delta);
            if (userEps > _policy.EpsilonPerUser)
                throw RequestException.Refused(
                    $"this training (ε = {cost:0.###} at δ = {_policy.Delta:g}) would bring your privacy budget at this site to ε = {userEps:0.###}, " +
                    $"over the site's limit of {_policy.EpsilonPerUser:0.###} per user (spent so far: ε = {Epsilon(Account("user", user), _policy.Delta):0.###}); " +
                    "train fewer epochs or on a smaller sampling rate, or ask the site for more budget");
            if (studyEps > _policy.EpsilonPerStudy)
                throw RequestException.Refused(
                    $"this training (ε = {cost:0.###} at δ = {_policy.Delta:g}) would bring study '{study}''s privacy budget at this site to ε = {studyEps:0.###}, " +
                    $"over the site's limit of {_policy.EpsilonPerStudy:0.###} per study");
            _spent[Key("user", user)] = userAfter;
            _spent[Key("study", study)] = studyAfter;
            Save();
            return new PrivacyBudget(_policy.Delta, cost, userEps, Math.Max(0, _policy.EpsilonPerUser - userEps), studyEps,
                Math.Max(0, _policy.EpsilonPerStudy - studyEps));
        }
    }

    /// <summary>Gives back a charge whose training released nothing (failed, cancelled or timed out).</summary>
    public void Refund(string user, string study, double[] rdp)
    {
        lock (_gate)
        {
            _spent[Key("user", user)] = Add(Account("user", user), rdp, -1);
            _spent[Key("study", study)] = Add(Account("study", study), rdp, -1);
            Save();
        }
    }

    /// <summary>The budget as it stands (a request that trains nothing).</summary>
    public PrivacyBudget Current(string user, string study)
    {
        lock (_gate)
        {
            var userEps = Epsilon(Account("user", user), _policy.Delta);
            var studyEps = Epsilon(Account("study", study), _policy.Delta);
            return new PrivacyBudget(_policy.Delta, 0, userEps, Math.Max(0, _policy.EpsilonPerUser - userEps), studyEps,
                Math.Max(0, _policy.EpsilonPerStudy - studyEps));
        }
    }

    private static string Key(string kind, string name) => $"{kind}:{name}";

    private double[] Account(string kind, string name) => _spent.TryGetValue(Key(kind, name), out var rdp) ? rdp : new double[Orders.Length];

    private static double[] Add(double[] a, double[] b, double sign = 1) => [.. a.Select((v, i) => Math.Max(0, v + sign * b[i]))];

    private void Save()
    {
        // Written to a new file then moved over the old one, so a crash leaves one whole version, never a torn one.
        var temporary = _path + ".new";
        using (var stream = new FileStream(temporary, FileModes.OwnerOnlyOptions(FileMode.Create, FileAccess.Write, FileShare.None)))
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("orders");
            foreach (var a in Orders) writer.WriteNumberValue(a);
            writer.WriteEndArray();
            writer.WriteStartObject("rdp");
            foreach (var (name, rdp) in _spent.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteStartArray(name);
                foreach (var v in rdp) writer.WriteNumberValue(v);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, _path, overwrite: true);
        FileModes.RestrictToOwner(_path);
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
