# What the prod overlay of infra/k8s expects to find in the cluster: the namespace, the Secret
# taskflow-secrets (connection URLs with their credentials, and the JWT signing key) and the
# StorageClass taskflow-efs. Values live in the Terraform state (encrypted S3 backend), never in
# the repository.

# The auth service's Ed25519 key: base64url, unpadded, of a 32-byte random seed.
resource "random_bytes" "jwt_seed" {
  length = 32
}

locals {
  postgres_host = aws_db_instance.postgres.address
  postgres_auth = "taskflow:${random_password.postgres.result}"
  # "amqps://b-....mq.<region>.amazonaws.com:5671"
  amqp_endpoint = aws_mq_broker.rabbitmq.instances[0].endpoints[0]

  app_secrets = {
    AUTH_DATABASE_URL  = "postgresql://${local.postgres_auth}@${local.postgres_host}:5432/taskflow_auth?sslmode=require"
    TASKS_DATABASE_URL = "postgresql://${local.postgres_auth}@${local.postgres_host}:5432/taskflow_tasks?sslmode=require"
    # For the postgres-setup Job (creates taskflow_tasks and pg_trgm).
    POSTGRES_ADMIN_URL = "postgresql://${local.postgres_auth}@${local.postgres_host}:5432/taskflow_auth?sslmode=require"
    REDIS_URL          = "redis://${aws_elasticache_replication_group.redis.primary_endpoint_address}:6379/0"
    # "%2f": the vhost "/" (see deploy/local/README.md on rabbitmq-c's URL parsing).
    AMQP_URL        = "${replace(local.amqp_endpoint, "amqps://", "amqps://taskflow:${random_password.rabbitmq.result}@")}/%2f"
    JWT_PRIVATE_KEY = replace(replace(replace(random_bytes.jwt_seed.base64, "+", "-"), "/", "_"), "=", "")
  }
}

resource "kubernetes_namespace_v1" "taskflow" {
  metadata {
    name = var.namespace
    labels = {
      "app.kubernetes.io/part-of"          = "taskflow"
      "pod-security.kubernetes.io/enforce" = "restricted"
      "pod-security.kubernetes.io/warn"    = "restricted"
    }
  }
}

resource "kubernetes_secret_v1" "taskflow" {
  metadata {
    name      = "taskflow-secrets"
    namespace = kubernetes_namespace_v1.taskflow.metadata[0].name
  }
  data = local.app_secrets
}

# EFS access points owned by the services' user (uid 10001), one per volume.
resource "kubernetes_storage_class_v1" "efs" {
  metadata {
    name = "taskflow-efs"
  }
  storage_provisioner = "efs.csi.aws.com"
  reclaim_policy      = "Retain"
  parameters = {
    provisioningMode = "efs-ap"
    fileSystemId     = aws_efs_file_system.attachments.id
    directoryPerms   = "750"
    uid              = "10001"
    gid              = "10001"
  }

  depends_on = [aws_efs_mount_target.attachments]
}
