namespace Xbar.Validation.Studies.Hwa;

/// <summary>
/// What Luquin et al., "Rapid yet accurate Tile-circuit and device modeling for Analog In-Memory
/// Computing", arXiv:2506.00004 (2025), report about hardware-aware fine-tuning, as stated in the
/// paper's abstract (the only part read here: its figures and tables were not available, so the study
/// compares the shape of the result, not numbers).
/// </summary>
public static class LuquinClaims
{
    public const string Citation = "Luquin et al. 2025, arXiv:2506.00004";

    public const string Setup = "BERT and ALBERT transformers (GLUE tasks) on IBM PCM tiles, with their tile-circuit model of instantaneous-current " +
                                "IR drop and ADC quantization and a statistical PCM read-noise model at nanosecond time scales, in a PyTorch framework";

    public const string Claim = "hardware-aware fine-tuning with simple Gaussian noise provides resilience against ADC quantization and PCM read noise, " +
                                "but is less effective against IR drop";

    public const string Reason = "IR drop, although deterministic, is non-linear, changes during the time-integration window and depends on all " +
                                 "the inputs applied in parallel to the tile";

    public const string Outlook = "training approaches that include the tile-circuit model will be needed for resilient deployment";
}
