using System.Globalization;
using Analysis.Node.Pipeline;

namespace Analysis.Node.Models;

/// <summary>
/// How many distinct coefficient vectors each user has asked a model endpoint about, per cohort, kept across restarts
/// in <c>model-steps.log</c> (owner-only) in the data folder; once a user has used <see cref="Limit"/> on a cohort,
/// a new one is refused (the same coefficients again are answered: their noise is the same, so they tell nothing new).
/// </summary>
/// <remarks>
/// In protected mode each answer carries noise keyed to the coefficients, so two nearly identical requests do not
/// cancel; what the budget stops is averaging that noise away over many slightly different coefficients, or mapping a
/// cohort's likelihood surface point by point. 100 distinct vectors is about ten complete fits (Newton-Raphson takes
/// five to eight steps, plus halvings) and leaves the noise's standard deviation at no less than a tenth of its size
/// after averaging every allowed answer.
/// </remarks>
internal sealed class ModelStepBudget : IDisposable
{
    /// <summary>The file's name in the data folder.</summary>
    public const string FileName = "model-steps.log";

    /// <summary>Distinct coefficient vectors per user and cohort.</summary>
    public const int Limit = 100;

    private readonly object _gate = new();
    private readonly Dictionary<(string User, ulong Cohort), HashSet<ulong>> _seen = [];
    private readonly StreamWriter _log;

    /// <summary>Opens (or starts) the budget file in <paramref name="dataDirectory"/>.</summary>
    public ModelStepBudget(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                var parts = line.Split('\t');
                if (parts.Length != 3
                    || !ulong.TryParse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var cohort)
                    || !ulong.TryParse(parts[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var beta)) continue;
                Set(Uri.UnescapeDataString(parts[0]), cohort).Add(beta);
            }
        }
        _log = new StreamWriter(new FileStream(path, FileModes.OwnerOnlyOptions(FileMode.Append, FileAccess.Write)));
        FileModes.RestrictToOwner(path);
    }

    /// <summary>Counts <paramref name="beta"/> against the user's budget on the cohort; refuses (422) once it is used up.</summary>
    /// <param name="user">Who asks.</param>
    /// <param name="cohort">The cohort's key (with the model's design mixed in).</param>
    /// <param name="beta">A hash of the coefficients.</param>
    /// <returns>The distinct coefficient vectors the user has now used on the cohort.</returns>
    public int Spend(string user, ulong cohort, ulong beta)
    {
        lock (_gate)
        {
            var set = Set(user, cohort);
            if (set.Contains(beta)) return set.Count;
            if (set.Count >= Limit)
                throw RequestException.Refused(
                    $"you have asked this model on this cohort at {Limit} different coefficient vectors, the site's limit per user and cohort " +
                    "(the noise on each answer must not be averaged away); the same coefficients can still be asked again");
            set.Add(beta);
            // Written before the answer leaves, so a restart cannot hand out the budget again.
            _log.WriteLine($"{Uri.EscapeDataString(user)}\t{cohort:x16}\t{beta:x16}");
            _log.Flush();
            return set.Count;
        }
    }

    private HashSet<ulong> Set(string user, ulong cohort)
    {
        if (!_seen.TryGetValue((user, cohort), out var set)) _seen[(user, cohort)] = set = [];
        return set;
    }

    /// <inheritdoc />
    public void Dispose() => _log.Dispose();
}
