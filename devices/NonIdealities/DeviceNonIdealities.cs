namespace Xbar.Devices.NonIdealities;

/// <summary>
/// The set of non-idealities drawn when an array is programmed (<see cref="Arrays.CellArrayFactory"/>),
/// plus the read noise its users draw per read. Each part defaults to ideal (zero).
/// Each part draws from its own random stream derived from the programming seed, so switching
/// one part on or off does not change the draws of the others (needed for error splits).
/// </summary>
public sealed record DeviceNonIdealities
{
    private readonly DeviceSpread spread = DeviceSpread.None;
    private readonly ProgrammingError programming = ProgrammingError.None;
    private readonly StateOffsets offsets = StateOffsets.None;
    private readonly ReadNoise read = ReadNoise.None;

    /// <summary>Device-to-device spread (lognormal R and TMR).</summary>
    public DeviceSpread Spread { get => spread; init => spread = value ?? throw new InvalidInputException($"{nameof(Spread)} must not be null."); }

    /// <summary>Programming error per state.</summary>
    public ProgrammingError Programming { get => programming; init => programming = value ?? throw new InvalidInputException($"{nameof(Programming)} must not be null."); }

    /// <summary>Moureaux 2026 systematic (sigma_NL) and random (sigma_perp) resistance offsets, in Ohm.</summary>
    public StateOffsets Offsets { get => offsets; init => offsets = value ?? throw new InvalidInputException($"{nameof(Offsets)} must not be null."); }

    /// <summary>Read noise, drawn per read by the array's user (not at programming).</summary>
    public ReadNoise Read { get => read; init => read = value ?? throw new InvalidInputException($"{nameof(Read)} must not be null."); }

    /// <summary>No non-ideality at all.</summary>
    public static DeviceNonIdealities Ideal { get; } = new();
}
