using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonHuitong.Core.Persistence;

internal static class BilingualColumns
{
    /// <summary>A <see cref="BilingualText"/> kept in two columns, <c>{prefix}Zh</c> and <c>{prefix}En</c>, "" for a missing version.</summary>
    public static void HasBilingual<TEntity>(this EntityTypeBuilder<TEntity> entity, Expression<Func<TEntity, BilingualText>> property,
        string prefix, int maxLength) where TEntity : class =>
        entity.ComplexProperty(property, text =>
        {
            text.IsRequired();
            text.Property(t => t.Zh).HasColumnName(prefix + "Zh").HasMaxLength(maxLength).IsRequired();
            text.Property(t => t.En).HasColumnName(prefix + "En").HasMaxLength(maxLength).IsRequired();
        });
}
