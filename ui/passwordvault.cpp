#include "passwordvault.h"

#ifdef BUSMON_HAVE_KEYCHAIN
#include <qt6keychain/keychain.h>
#endif

namespace busmon {

namespace {
QString serviceName()
{
    return QStringLiteral("busmon");
}
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
    auto *job = new QKeychain::ReadPasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(profileName);
    connect(job, &QKeychain::Job::finished, this, [job, done](QKeychain::Job *) {
        if (job->error() == QKeychain::NoError)
            done(job->textData(), QString());
        else
            done(QString(), job->errorString());
    });
    job->start();
#else
    Q_UNUSED(profileName)
    done(QString(), tr("busmon was built without keychain support"));
#endif
}

void PasswordVault::write(const QString &profileName, const QString &password)
{
#ifdef BUSMON_HAVE_KEYCHAIN
    auto *job = new QKeychain::WritePasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(profileName);
    job->setTextData(password);
    connect(job, &QKeychain::Job::finished, this, [this, job](QKeychain::Job *) {
        if (job->error() != QKeychain::NoError)
            emit writeFailed(job->errorString());
    });
    job->start();
#else
    Q_UNUSED(profileName)
    Q_UNUSED(password)
    emit writeFailed(tr("busmon was built without keychain support"));
#endif
}

void PasswordVault::remove(const QString &profileName)
{
#ifdef BUSMON_HAVE_KEYCHAIN
    auto *job = new QKeychain::DeletePasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setKey(profileName);
    job->start();
#else
    Q_UNUSED(profileName)
#endif
}

} // namespace busmon
