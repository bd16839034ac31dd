namespace CarbonHuitong.Core.Ledger;

/// <summary>The seven categories of the national guideline on citizens' green behaviours.</summary>
public enum BehaviourCategory
{
    Clothing,
    Food,
    Housing,
    Transport,
    Use,
    Office,
    DigitalFinance,
}
