namespace CarbonHuitong.Web.Components.Shared;

/// <summary>What a <see cref="LoadingSkeleton"/> looks like: the shelf's cards, a list's rows, or a chart.</summary>
public enum SkeletonShape
{
    Rows,
    Cards,
    Chart,
}
