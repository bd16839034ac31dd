using System.Linq.Expressions;

namespace CarbonHuitong.Core.Persistence;

/// <summary>Lets a rule be written once as an expression of (row, argument) and used both in queries and in memory.</summary>
public static class ExpressionRules
{
    /// <summary>
    /// The rule with its argument fixed, for a query. The argument is read from a closure, so EF sends it as a
    /// parameter and reuses the query plan.
    /// </summary>
    public static Expression<Func<T, bool>> Bind<T, TArgument>(this Expression<Func<T, TArgument, bool>> rule, TArgument argument)
    {
        var holder = new Holder<TArgument>(argument);
        var value = Expression.Field(Expression.Constant(holder), nameof(Holder<TArgument>.Value));
        var body = new Replace(rule.Parameters[1], value).Visit(rule.Body);
        return Expression.Lambda<Func<T, bool>>(body, rule.Parameters[0]);
    }

    private sealed class Holder<TArgument>(TArgument value)
    {
        public readonly TArgument Value = value;
    }

    private sealed class Replace(ParameterExpression parameter, Expression with) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? with : node;
    }
}
