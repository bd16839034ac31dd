using Microsoft.Extensions.Options;

namespace CarbonHuitong.Core.Government;

/// <summary>Regional statistics (settings section <c>Government</c>).</summary>
public sealed class GovernmentOptions
{
    public const string Section = "Government";

    /// <summary>A cell built from fewer citizens than this shows no figure (small-cell suppression).</summary>
    public int MinimumCellCitizens { get; set; } = 10;

    public const int MinMinimumCellCitizens = 2;
    public const int MaxMinimumCellCitizens = 1000;

    public string? Problem() =>
        MinimumCellCitizens is < MinMinimumCellCitizens or > MaxMinimumCellCitizens
            ? $"{Section}:{nameof(MinimumCellCitizens)} must be {MinMinimumCellCitizens} to {MaxMinimumCellCitizens}."
            : null;
}

/// <summary>A minimum out of range stops the start with what to fix.</summary>
internal sealed class GovernmentOptionsValidation : IValidateOptions<GovernmentOptions>
{
    public ValidateOptionsResult Validate(string? name, GovernmentOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
