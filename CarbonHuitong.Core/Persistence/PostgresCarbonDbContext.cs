using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Persistence;

/// <summary>
/// The same model on PostgreSQL. A type of its own only so that EF keeps PostgreSQL's migrations
/// (Migrations/Postgres) apart from SQLite's; the app and the services still ask for <see cref="CarbonDbContext"/>.
/// </summary>
public sealed class PostgresCarbonDbContext(DbContextOptions<PostgresCarbonDbContext> options) : CarbonDbContext(options);
