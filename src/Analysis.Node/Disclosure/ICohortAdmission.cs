namespace Analysis.Node.Disclosure;

/// <summary>Admits a cohort before anything computed over it is released (the <see cref="CohortLedger"/>'s one operation).</summary>
/// <remarks>An interface so the model and learning services share the server's one ledger with the aggregates without
/// depending on how it is stored.</remarks>
internal interface ICohortAdmission
{
    /// <summary>Returns when the cohort may be answered about; otherwise throws a 422 naming the rule.</summary>
    /// <param name="key">The XOR of the cohort's record keys.</param>
    /// <param name="members">The cohort's audit indexes.</param>
    /// <param name="what">What is being asked, for the refusal's message.</param>
    void Admit(ulong key, IReadOnlyCollection<int> members, string what = "the cohort");
}
