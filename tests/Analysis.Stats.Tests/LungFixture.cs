using System.Text.Json;
using Deedle;

namespace Analysis.Stats.Tests;

/// <summary>
/// survival::lung written by R as CSV (with a text copy of sex for dummy coding), read back into a Deedle
/// frame, and R's own results on it, computed once for the test class.
/// </summary>
public sealed class LungFixture : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stats-lung-").FullName;

    public LungFixture()
    {
        CsvPath = Path.Combine(_folder, "lung.csv");
        R = RScript.Run($$"""
            lung$sexlab <- ifelse(lung$sex == 1, "male", "female")
            write.csv(lung, {{RScript.Quote(CsvPath)}}, row.names = FALSE, na = "NA")
            curve <- function(fit) {
              s <- summary(fit, censored = TRUE)
              list(time = fit$time, surv = fit$surv, se = fit$std.err * fit$surv, lower = fit$lower, upper = fit$upper,
                   nrisk = fit$n.risk, nevent = fit$n.event, ncensor = fit$n.censor,
                   median = unname(s$table["median"]), mlower = unname(s$table[grep("LCL", names(s$table))]), mupper = unname(s$table[grep("UCL", names(s$table))]),
                   n = unname(s$table["records"]), events = unname(s$table["events"]))
            }
            all <- survfit(Surv(time, status) ~ 1, data = lung)
            male <- survfit(Surv(time, status) ~ 1, data = subset(lung, sex == 1))
            female <- survfit(Surv(time, status) ~ 1, data = subset(lung, sex == 2))
            loglog <- survfit(Surv(time, status) ~ 1, data = lung, conf.type = "log-log", conf.int = 0.9)
            plain <- survfit(Surv(time, status) ~ 1, data = lung, conf.type = "plain")
            sd <- survdiff(Surv(time, status) ~ sex, data = lung)
            sd3 <- survdiff(Surv(time, status) ~ ph.ecog, data = lung)
            cox <- coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung, ties = "breslow")
            coxs <- coxph(Surv(time, status) ~ age + sex + ph.ecog + strata(inst), data = lung, ties = "breslow")
            coxf <- coxph(Surv(time, status) ~ age + factor(sexlab) + ph.karno, data = lung, ties = "breslow")
            coxe <- coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung)
            coxse <- coxph(Surv(time, status) ~ age + sex + ph.ecog + strata(inst), data = lung)
            coxfe <- coxph(Surv(time, status) ~ age + factor(sexlab) + ph.karno, data = lung)
            lr <- summary(cox)$logtest
            lre <- summary(coxe)$logtest
            gl <- glm(I(status == 2) ~ age + sex + ph.ecog, family = binomial, data = lung, control = glm.control(epsilon = 1e-14, maxit = 100))
            ct <- table(lung$sex, lung$ph.ecog)
            ct2 <- table(lung$sex, lung$status)
            x1 <- chisq.test(ct, correct = FALSE)
            x2 <- chisq.test(ct2, correct = FALSE)
            x3 <- chisq.test(ct2)
            emit(list(
              all = curve(all), male = curve(male), female = curve(female), loglog = curve(loglog), plain = curve(plain),
              sd = list(chisq = sd$chisq, obs = sd$obs, exp = sd$exp, p = pchisq(sd$chisq, 1, lower.tail = FALSE)),
              sd3 = list(chisq = sd3$chisq, obs = sd3$obs, exp = sd3$exp, df = length(sd3$n) - 1),
              cox = list(coef = unname(coef(cox)), se = unname(sqrt(diag(vcov(cox)))), loglik = cox$loglik, n = cox$n, events = cox$nevent,
                         lr = unname(lr["test"]), lrdf = unname(lr["df"]), lrp = unname(lr["pvalue"]),
                         p = unname(summary(cox)$coefficients[, "Pr(>|z|)"]), lower = unname(summary(cox)$conf.int[, "lower .95"]), upper = unname(summary(cox)$conf.int[, "upper .95"])),
              coxs = list(coef = unname(coef(coxs)), se = unname(sqrt(diag(vcov(coxs)))), loglik = coxs$loglik, n = coxs$n),
              coxf = list(coef = unname(coef(coxf)), se = unname(sqrt(diag(vcov(coxf)))), loglik = coxf$loglik, names = names(coef(coxf))),
              coxe = list(coef = unname(coef(coxe)), se = unname(sqrt(diag(vcov(coxe)))), loglik = coxe$loglik, n = coxe$n, events = coxe$nevent,
                          lr = unname(lre["test"]), lrdf = unname(lre["df"]), lrp = unname(lre["pvalue"]), ties = coxe$method,
                          p = unname(summary(coxe)$coefficients[, "Pr(>|z|)"]), lower = unname(summary(coxe)$conf.int[, "lower .95"]), upper = unname(summary(coxe)$conf.int[, "upper .95"])),
              coxse = list(coef = unname(coef(coxse)), se = unname(sqrt(diag(vcov(coxse)))), loglik = coxse$loglik, n = coxse$n),
              coxfe = list(coef = unname(coef(coxfe)), se = unname(sqrt(diag(vcov(coxfe)))), loglik = coxfe$loglik, names = names(coef(coxfe))),
              glm = list(coef = unname(coef(gl)), se = unname(sqrt(diag(vcov(gl)))), loglik = as.numeric(logLik(gl)), deviance = gl$deviance,
                         null = gl$null.deviance, aic = gl$aic, n = nobs(gl), p = unname(summary(gl)$coefficients[, 4])),
              chisq = list(stat = unname(x1$statistic), df = unname(x1$parameter), p = x1$p.value,
                           stat2 = unname(x2$statistic), p2 = x2$p.value, yates = unname(x3$statistic), yatesp = x3$p.value)
            ))
            """);
        Frame = Deedle.Frame.ReadCsv(CsvPath, inferRows: 1000, missingValues: ["NA"]);
    }

    public string CsvPath { get; }

    /// <summary>R's results, by name (see the script).</summary>
    public JsonElement R { get; }

    /// <summary>lung as a Deedle frame read from R's CSV.</summary>
    public Frame<int, string> Frame { get; }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
