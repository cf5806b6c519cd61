//! The `coopsante` command: serve the API, migrate the database, print the OpenAPI
//! document, or sign a token for local use and scripts.

use std::process::ExitCode;

use actix_web::HttpServer;
use clap::{Parser, Subcommand};

use coopsante::app::{self, AppState};
use coopsante::auth::{Role, TokenKeys};
use coopsante::config::{Config, DbConfig, JwtConfig};
use coopsante::domain::ids::{CooperativeId, PartnerId};
use coopsante::{db, openapi};

#[derive(Parser)]
#[command(
    name = "coopsante",
    version,
    about = "API of record of the FQCS (health cooperatives of Québec)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply pending migrations, then serve the API on COOPSANTE_BIND.
    Serve,
    /// Apply pending migrations and exit.
    Migrate,
    /// Apply pending migrations, then load the federation's reference data (idempotent).
    Seed,
    /// Print the OpenAPI document (JSON).
    Openapi,
    /// Print a signed bearer token, alone, on stdout.
    Token {
        #[arg(long, value_enum)]
        role: Role,
        /// The co-op a coop_manager token manages.
        #[arg(long)]
        cooperative: Option<CooperativeId>,
        /// The partner a partner token speaks for.
        #[arg(long)]
        partner: Option<PartnerId>,
        /// Who the token is for (the `sub` claim).
        #[arg(long, default_value = "cli")]
        subject: String,
    },
}

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Openapi => {
            print!("{}", openapi::spec_json());
            Ok(())
        }
        Command::Token {
            role,
            cooperative,
            partner,
            subject,
        } => token(role, cooperative, partner, &subject),
        Command::Migrate => runtime().and_then(|rt| rt.block_on(migrate())),
        Command::Seed => runtime().and_then(|rt| rt.block_on(seed())),
        Command::Serve => serve(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Runtime::new().map_err(|e| format!("cannot start the async runtime: {e}"))
}

fn token(
    role: Role,
    cooperative: Option<CooperativeId>,
    partner: Option<PartnerId>,
    subject: &str,
) -> Result<(), String> {
    let config = JwtConfig::from_env().map_err(|e| e.to_string())?;
    let token = TokenKeys::new(&config)
        .issue(subject, role, cooperative, partner)
        .map_err(|e| e.to_string())?;
    println!("{token}");
    Ok(())
}

async fn migrate() -> Result<(), String> {
    let config = DbConfig::from_env().map_err(|e| e.to_string())?;
    let applied = db::migrate(&config.url).await?;
    if applied.is_empty() {
        log::info!("database schema is up to date");
    } else {
        log::info!("applied migrations: {}", applied.join(", "));
    }
    Ok(())
}

async fn seed() -> Result<(), String> {
    use diesel_async::AsyncConnection;
    migrate().await?;
    let config = DbConfig::from_env().map_err(|e| e.to_string())?;
    let mut conn = diesel_async::AsyncPgConnection::establish(&config.url)
        .await
        .map_err(|e| format!("cannot connect to the database: {e}"))?;
    let reports = coopsante::seed::run(&mut conn)
        .await
        .map_err(|e| format!("seeding failed: {e}"))?;
    for (part, report) in reports {
        log::info!(
            "seed {part}: {} created, {} already present",
            report.created,
            report.unchanged
        );
    }
    Ok(())
}

fn serve() -> Result<(), String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    actix_web::rt::System::new().block_on(async move {
        migrate().await?;
        let pool = db::pool(&config.db)?;
        let state = AppState::new(pool, TokenKeys::new(&config.jwt))
            .with_stats_parallelism(config.stats_parallelism);
        log::info!(
            "serving on http://{} with {} workers",
            config.bind,
            config.workers
        );
        HttpServer::new(move || app::build(state.clone()))
            .workers(config.workers)
            .bind(config.bind)
            .map_err(|e| format!("cannot listen on {}: {e}", config.bind))?
            .run()
            .await
            .map_err(|e| format!("server error: {e}"))
    })
}
