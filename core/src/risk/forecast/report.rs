//! The forecast as a workflow: calibrate the payment behaviour, forecast, and on request
//! backtest the forecast at an earlier date and read each dunning step's observed
//! response from the history. The one chain `rappel forecast`, the component's
//! `risk.forecast` and the dashboard's forecast panel all run.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Backtest, Forecast, Options, backtest, forecast};
use crate::collections::dunning::History;
use crate::limits::{self, InputError};
use crate::model::Portfolio;
use crate::risk::behaviour::response::{ChannelResponse, StepResponse, step_responses};
use crate::risk::behaviour::{self, Behaviour};

/// Days after a reminder within which a payment counts as its response.
pub const RESPONSE_WINDOW_DAYS: i64 = 7;

/// Weeks a backtest compares (as the forecast's own 13 weeks).
pub const BACKTEST_WEEKS: u32 = 13;

/// What to compute besides the forecast itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportOptions {
    /// Days after the due date at which an unpaid invoice counts as a default
    /// ([`limits::DEFAULT_DAYS`]).
    pub default_days: i64,
    /// Include open orders.
    pub orders: bool,
    /// Also forecast from this earlier date and compare with the cash that came in.
    pub backtest_from: Option<NaiveDate>,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            default_days: behaviour::Options::default().default_days,
            orders: true,
            backtest_from: None,
        }
    }
}

/// Each dunning step's and channel's observed response (share paid within
/// [`RESPONSE_WINDOW_DAYS`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DunningResponse {
    /// Per step.
    pub steps: Vec<StepResponse>,
    /// Per channel.
    pub channels: Vec<ChannelResponse>,
}

/// The forecast with the model it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ForecastReport {
    /// Expected collections per week and month, with the band.
    pub forecast: Forecast,
    /// The calibrated payment behaviour.
    pub behaviour: Behaviour,
    /// The backtest, when asked for.
    pub backtest: Option<Backtest>,
    /// The steps' responses, when a history was given.
    pub dunning_response: Option<DunningResponse>,
}

/// The forecast of `p` at `as_of`, with what `options` and `history` ask for besides.
pub fn report(
    p: &Portfolio,
    as_of: NaiveDate,
    options: &ReportOptions,
    history: Option<&History>,
) -> Result<ForecastReport, InputError> {
    limits::default_days(options.default_days)?;
    let model = behaviour::Options {
        default_days: options.default_days,
        ..Default::default()
    };
    let behaviour = behaviour::calibrate(p, as_of, &model);
    let forecast = forecast(
        p,
        &behaviour,
        as_of,
        &Options {
            orders: options.orders,
            ..Default::default()
        },
    );
    let backtest = options
        .backtest_from
        .map(|at| backtest(p, at, BACKTEST_WEEKS, &model));
    let dunning_response = history.map(|h| {
        let (steps, channels) = step_responses(p, h, as_of, RESPONSE_WINDOW_DAYS);
        DunningResponse { steps, channels }
    });
    Ok(ForecastReport {
        forecast,
        behaviour,
        backtest,
        dunning_response,
    })
}
