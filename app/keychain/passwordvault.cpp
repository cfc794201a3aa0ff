#include "passwordvault.h"

#include <QLoggingCategory>

#ifdef BUSMON_HAVE_KEYCHAIN
#include <qt6keychain/keychain.h>
#endif

namespace busmon {

namespace {
Q_LOGGING_CATEGORY(lcKeychain, "busmon.keychain")

QString serviceName()
{
    return QStringLiteral("busmon");
}

#ifdef BUSMON_HAVE_KEYCHAIN
// The keychain's own error text is D-Bus talk ("The name org.freedesktop.secrets was not provided by
// any .service files"); the user gets what it means and what to do, the log gets the text.
QString problemOf(const QKeychain::Job &job)
{
    qCWarning(lcKeychain) << "keychain job for" << job.key() << "failed with error" << job.error() << ":"
                          << job.errorString();
    switch (job.error()) {
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return PasswordVault::tr("The desktop keychain is locked or refused access; unlock it and try "
                                 "again.");
    default:
        if (job.errorString().contains(QStringLiteral("locked"), Qt::CaseInsensitive))
            return PasswordVault::tr("The desktop keychain is locked; unlock it and try again.");
        return PasswordVault::tr("busmon could not reach the desktop keychain (GNOME Keyring, KWallet or "
                                 "another Secret Service); make sure one is running and unlocked.");
    }
}

// Without a parent, and deleting itself once finished: qtkeychain's libsecret backend calls back into
// the job when the Secret Service answers, so a job deleted before that (with a parent vault that
// went first) crashes the program. The vault's own reply goes through a connection that dies with it.
template<typename JobType> JobType *startableJob(const QString &profileName)
{
    auto *job = new JobType(serviceName());
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(profileName);
    return job;
}
#else
QString notCompiledIn()
{
    return PasswordVault::tr("This busmon was built without desktop keychain support, so passwords are "
                             "not saved.");
}
#endif
} // namespace

PasswordVault::PasswordVault(QObject *parent)
    : QObject(parent)
{}

bool PasswordVault::isCompiledIn()
{
#ifdef BUSMON_HAVE_KEYCHAIN
    return true;
#else
    return false;
#endif
}

void PasswordVault::read(const QString &profileName,
                         std::function<void(const QString &password, const QString &error)> done)
{
#ifdef BUSMON_HAVE_KEYCHAIN
    auto *job = startableJob<QKeychain::ReadPasswordJob>(profileName);
    connect(job, &QKeychain::Job::finished, this, [this, job, profileName, done](QKeychain::Job *) {
        if (job->error() == QKeychain::NoError) {
            done(job->textData(), QString());
        } else if (job->error() == QKeychain::EntryNotFound) {
            done(QString(), tr("No password for \"%1\" was found in the desktop keychain.").arg(profileName));
        } else {
            const QString reason =
                tr("The password for \"%1\" could not be read from the desktop keychain. %2")
                    .arg(profileName, problemOf(*job));
            done(QString(), reason);
            emit readFailed(reason);
        }
    });
    job->start();
#else
    Q_UNUSED(profileName)
    done(QString(), notCompiledIn());
#endif
}

void PasswordVault::write(const QString &profileName, const QString &password,
                          std::function<void(const QString &error)> done)
{
#ifdef BUSMON_HAVE_KEYCHAIN
    auto *job = startableJob<QKeychain::WritePasswordJob>(profileName);
    job->setTextData(password);
    connect(job, &QKeychain::Job::finished, this, [this, job, profileName, done](QKeychain::Job *) {
        if (job->error() == QKeychain::NoError) {
            if (done)
                done(QString());
            return;
        }
        const QString reason = tr("The password for \"%1\" was not saved in the desktop keychain. %2")
                                   .arg(profileName, problemOf(*job));
        if (done)
            done(reason);
        emit writeFailed(reason);
    });
    job->start();
#else
    Q_UNUSED(profileName)
    Q_UNUSED(password)
    if (done)
        done(notCompiledIn());
    emit writeFailed(notCompiledIn());
#endif
}

void PasswordVault::remove(const QString &profileName)
{
#ifdef BUSMON_HAVE_KEYCHAIN
    auto *job = startableJob<QKeychain::DeletePasswordJob>(profileName);
    connect(job, &QKeychain::Job::finished, this, [this, job, profileName](QKeychain::Job *) {
        // Nothing saved is nothing to remove, not a failure.
        if (job->error() != QKeychain::NoError && job->error() != QKeychain::EntryNotFound)
            emit removeFailed(tr("The password for \"%1\" could not be removed from the desktop keychain. %2")
                                  .arg(profileName, problemOf(*job)));
    });
    job->start();
#else
    Q_UNUSED(profileName)
#endif
}

} // namespace busmon
