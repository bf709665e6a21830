namespace Analysis.Federation;

/// <summary>Beacon v2 questions to a whole federation: <c>await fed.Beacon().IndividualsAsync(query)</c>.</summary>
public static class FederationBeaconExtensions
{
    /// <summary>The beacons of every site of <paramref name="federation"/> that has a <c>beaconUrl</c>.</summary>
    public static FederatedBeacon Beacon(this Federation federation) => new(federation);
}
