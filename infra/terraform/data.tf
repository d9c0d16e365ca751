# The managed dependencies: RDS PostgreSQL 15, ElastiCache Redis, Amazon MQ for RabbitMQ, and EFS
# for the tasks' attachments. Each accepts connections from the EKS nodes only.

# ------------------------------------------------------------------------------ security groups
resource "aws_security_group" "postgres" {
  name_prefix = "${local.cluster_name}-postgres-"
  description = "RDS PostgreSQL: from the EKS nodes"
  vpc_id      = module.vpc.vpc_id

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "redis" {
  name_prefix = "${local.cluster_name}-redis-"
  description = "ElastiCache Redis: from the EKS nodes"
  vpc_id      = module.vpc.vpc_id

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "rabbitmq" {
  name_prefix = "${local.cluster_name}-rabbitmq-"
  description = "Amazon MQ RabbitMQ: AMQPS from the EKS nodes"
  vpc_id      = module.vpc.vpc_id

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "efs" {
  name_prefix = "${local.cluster_name}-efs-"
  description = "EFS (tasks attachments): NFS from the EKS nodes"
  vpc_id      = module.vpc.vpc_id

  lifecycle {
    create_before_destroy = true
  }
}

locals {
  node_ingress = {
    postgres = { security_group_id = aws_security_group.postgres.id, port = 5432 }
    redis    = { security_group_id = aws_security_group.redis.id, port = 6379 }
    rabbitmq = { security_group_id = aws_security_group.rabbitmq.id, port = 5671 }
    efs      = { security_group_id = aws_security_group.efs.id, port = 2049 }
  }
}

resource "aws_vpc_security_group_ingress_rule" "from_nodes" {
  for_each = local.node_ingress

  security_group_id            = each.value.security_group_id
  referenced_security_group_id = module.eks.node_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
  description                  = "${each.key} from the EKS nodes"
}

# ------------------------------------------------------------------------- RDS PostgreSQL 15
# URL-safe passwords: they go into the services' connection URLs.
resource "random_password" "postgres" {
  length  = 32
  special = false
}

# TLS required for every connection (the services' URLs say sslmode=require).
resource "aws_db_parameter_group" "postgres" {
  name_prefix = "${local.cluster_name}-pg15-"
  family      = "postgres15"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "postgres" {
  identifier_prefix = "${local.cluster_name}-"
  engine            = "postgres"
  engine_version    = "15"
  instance_class    = var.db_instance_class

  allocated_storage     = var.db_allocated_storage
  max_allocated_storage = var.db_allocated_storage * 5
  storage_type          = "gp3"
  storage_encrypted     = true

  # The first database; the second (taskflow_tasks) and pg_trgm are created by the prod
  # overlay's postgres-setup Job, which connects with POSTGRES_ADMIN_URL.
  db_name  = "taskflow_auth"
  username = "taskflow"
  password = random_password.postgres.result

  db_subnet_group_name   = module.vpc.database_subnet_group_name
  vpc_security_group_ids = [aws_security_group.postgres.id]
  parameter_group_name   = aws_db_parameter_group.postgres.name
  publicly_accessible    = false
  multi_az               = var.db_multi_az

  backup_retention_period         = 7
  copy_tags_to_snapshot           = true
  deletion_protection             = var.deletion_protection
  skip_final_snapshot             = false
  final_snapshot_identifier       = "${local.cluster_name}-final"
  performance_insights_enabled    = true
  enabled_cloudwatch_logs_exports = ["postgresql"]
  auto_minor_version_upgrade      = true
  apply_immediately               = false
}

# ------------------------------------------------------------------------- ElastiCache Redis 7
# No in-transit encryption: the services' Redis client (hiredis 0.14) speaks plain TCP only, so
# access is limited by the security group (and AUTH needs TLS on ElastiCache). Encrypted at rest.
resource "aws_elasticache_replication_group" "redis" {
  replication_group_id = "${local.cluster_name}-redis"
  description          = "TaskFlow: sessions, revocations, notifications, caches"
  engine               = "redis"
  engine_version       = "7.1"
  node_type            = var.redis_node_type
  port                 = 6379
  parameter_group_name = "default.redis7"

  num_cache_clusters         = 2
  automatic_failover_enabled = true
  multi_az_enabled           = true

  subnet_group_name  = module.vpc.elasticache_subnet_group_name
  security_group_ids = [aws_security_group.redis.id]

  at_rest_encryption_enabled = true
  transit_encryption_enabled = false
  snapshot_retention_limit   = 3
  apply_immediately          = false
}

# ------------------------------------------------------------------------ Amazon MQ RabbitMQ
resource "random_password" "rabbitmq" {
  length  = 32
  special = false
}

resource "aws_mq_broker" "rabbitmq" {
  broker_name        = "${local.cluster_name}-rabbitmq"
  engine_type        = "RabbitMQ"
  engine_version     = "3.13"
  host_instance_type = var.mq_instance_type
  deployment_mode    = var.mq_deployment_mode

  # Single instance: one subnet; cluster: one per zone.
  subnet_ids          = var.mq_deployment_mode == "SINGLE_INSTANCE" ? [module.vpc.database_subnets[0]] : module.vpc.database_subnets
  security_groups     = [aws_security_group.rabbitmq.id]
  publicly_accessible = false

  auto_minor_version_upgrade = true

  user {
    username = "taskflow"
    password = random_password.rabbitmq.result
  }

  logs {
    general = true
  }
}

# ------------------------------------------------------------------ EFS: the tasks' attachments
resource "aws_efs_file_system" "attachments" {
  creation_token   = "${local.cluster_name}-attachments"
  encrypted        = true
  performance_mode = "generalPurpose"
  throughput_mode  = "elastic"

  tags = {
    Name = "${local.cluster_name}-attachments"
  }
}

resource "aws_efs_mount_target" "attachments" {
  count = length(local.azs)

  file_system_id  = aws_efs_file_system.attachments.id
  subnet_id       = module.vpc.private_subnets[count.index]
  security_groups = [aws_security_group.efs.id]
}
