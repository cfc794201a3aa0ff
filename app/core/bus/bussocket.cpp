#include "bus/bussocket.h"

#include "bus/respcommand.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpSocket>

#include <utility>

namespace busmon {

namespace {
bool fail(QString *error, const QString &reason)
{
    if (error)
        *error = reason;
    return false;
}

bool readPem(const QString &file, QByteArray *contents, const char *what, QString *error)
{
    QFile pem(file);
    if (!pem.open(QIODevice::ReadOnly))
        return fail(
            error,
            QStringLiteral("cannot read the %1 '%2': %3").arg(QLatin1String(what), file, pem.errorString()));
    *contents = pem.readAll();
    return true;
}

bool configureTls(QSslSocket *socket, const ConnectionSettings &settings, QString *error)
{
    QSslConfiguration configuration = socket->sslConfiguration();
    if (!settings.caFile.isEmpty()) {
        QByteArray pem;
        if (!readPem(settings.caFile, &pem, "CA file", error))
            return false;
        const QList<QSslCertificate> authorities = QSslCertificate::fromData(pem, QSsl::Pem);
        if (authorities.isEmpty())
            return fail(error, QStringLiteral("no PEM certificate in the CA file '%1'").arg(settings.caFile));
        configuration.addCaCertificates(authorities);
    }
    if (!settings.clientCertificateFile.isEmpty()) {
        QByteArray certificatePem;
        QByteArray keyPem;
        if (!readPem(settings.clientCertificateFile, &certificatePem, "client certificate", error))
            return false;
        const QString keyFile =
            settings.clientKeyFile.isEmpty() ? settings.clientCertificateFile : settings.clientKeyFile;
        if (!readPem(keyFile, &keyPem, "client key", error))
            return false;
        const QList<QSslCertificate> chain = QSslCertificate::fromData(certificatePem, QSsl::Pem);
        if (chain.isEmpty()) {
            return fail(error, QStringLiteral("no PEM certificate in the client certificate file '%1'")
                                   .arg(settings.clientCertificateFile));
        }
        QSslKey key;
        for (QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
            key = QSslKey(keyPem, algorithm, QSsl::Pem);
            if (!key.isNull())
                break;
        }
        if (key.isNull())
            return fail(error, QStringLiteral("no usable private key in '%1'").arg(keyFile));
        configuration.setLocalCertificateChain(chain);
        configuration.setPrivateKey(key);
    }
    configuration.setPeerVerifyMode(settings.insecure ? QSslSocket::VerifyNone : QSslSocket::VerifyPeer);
    socket->setSslConfiguration(configuration);
    return true;
}

// What OpenSSL says when the other side answered the TLS hello with something that is not TLS,
// such as a plain Redis port's "-ERR unknown command": the first bytes read as a record header.
bool answeredInPlainText(const QString &errors)
{
    return errors.contains(QLatin1String("wrong version number")) ||
           errors.contains(QLatin1String("packet length too long")) ||
           errors.contains(QLatin1String("record layer failure"));
}

QString sslErrorsText(const QSslSocket *socket)
{
    QStringList texts;
    for (const QSslError &error : socket->sslHandshakeErrors())
        texts.append(error.errorString());
    texts.removeDuplicates();
    return texts.join(QLatin1String("; "));
}
} // namespace

QAbstractSocket *BusSocket::create(const ConnectionSettings &settings, QObject *parent, QString *error)
{
    QAbstractSocket *socket = nullptr;
    if (settings.tls) {
        if (!QSslSocket::supportsSsl()) {
            fail(error, QStringLiteral("TLS is not available: no TLS backend for Qt Network"));
            return nullptr;
        }
        auto *sslSocket = new QSslSocket(parent);
        if (!configureTls(sslSocket, settings, error)) {
            delete sslSocket;
            return nullptr;
        }
        socket = sslSocket;
    } else {
        socket = new QTcpSocket(parent);
    }
    // Unlimited: the socket thread drains everything the kernel has, so Redis's buffer stays empty.
    socket->setReadBufferSize(0);
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    return socket;
}

void BusSocket::open(QAbstractSocket *socket, const ConnectionSettings &settings)
{
    if (auto *sslSocket = qobject_cast<QSslSocket *>(socket))
        sslSocket->connectToHostEncrypted(settings.host, settings.port);
    else
        socket->connectToHost(settings.host, settings.port);
}

bool BusSocket::isTls(const QAbstractSocket *socket)
{
    return qobject_cast<const QSslSocket *>(socket) != nullptr;
}

QString BusSocket::describeError(QAbstractSocket *socket, const ConnectionSettings &settings, bool *final)
{
    const QString where = QStringLiteral("%1:%2").arg(settings.host).arg(settings.port);
    *final = false;
    switch (socket->error()) {
    case QAbstractSocket::HostNotFoundError:
        *final = true;
        return QStringLiteral("host not found: %1").arg(settings.host);
    case QAbstractSocket::ConnectionRefusedError:
        return QStringLiteral("connection refused by %1").arg(where);
    case QAbstractSocket::RemoteHostClosedError:
        return QStringLiteral("the server closed the connection");
    case QAbstractSocket::SocketTimeoutError:
        return QStringLiteral("timed out connecting to %1").arg(where);
    case QAbstractSocket::NetworkError:
        return QStringLiteral("network error: %1").arg(socket->errorString());
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError: {
        *final = true;
        auto *sslSocket = qobject_cast<QSslSocket *>(socket);
        QString errors = sslSocket ? sslErrorsText(sslSocket) : QString();
        if (errors.isEmpty())
            errors = socket->errorString();
        if (errors.contains(QLatin1String("certificate required")) &&
            settings.clientCertificateFile.isEmpty())
            errors = QStringLiteral("the server requires a client certificate and none was given (%1)")
                         .arg(errors);
        else if (answeredInPlainText(errors))
            errors += QStringLiteral(" (is it a plain redis:// port?)");
        return QStringLiteral("TLS handshake with %1 failed: %2").arg(where, errors);
    }
    default:
        return socket->errorString();
    }
}

QByteArray BusSocket::authCommand(const ConnectionSettings &settings)
{
    if (settings.password.isEmpty())
        return {};
    const QByteArray password = settings.password.toUtf8();
    if (settings.user.isEmpty())
        return RespCommand::encode({"AUTH", password});
    return RespCommand::encode({"AUTH", settings.user.toUtf8(), password});
}

void BusSocket::dispose(QAbstractSocket *&socket, QObject *owner)
{
    if (!socket)
        return;
    QAbstractSocket *closing = std::exchange(socket, nullptr);
    closing->disconnect(owner);
    closing->abort();
    closing->deleteLater();
}

} // namespace busmon
