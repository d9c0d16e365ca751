variable "region" {
  description = "AWS region."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Prefix of every resource's name."
  type        = string
  default     = "taskflow"
}

variable "environment" {
  description = "Environment tag (prod, staging, ...)."
  type        = string
  default     = "prod"
}

variable "vpc_cidr" {
  description = "The VPC's address range; split into public, private, database and cache subnets."
  type        = string
  default     = "10.40.0.0/16"
}

variable "availability_zones" {
  description = "How many availability zones to spread over."
  type        = number
  default     = 3

  validation {
    condition     = var.availability_zones >= 2 && var.availability_zones <= 4
    error_message = "availability_zones must be 2 to 4 (RDS and ElastiCache need at least two)."
  }
}

variable "kubernetes_version" {
  description = "EKS control plane version."
  type        = string
  default     = "1.30"
}

variable "node_instance_types" {
  description = "Instance types of the managed node group."
  type        = list(string)
  default     = ["t3.large"]
}

variable "node_min_size" {
  type    = number
  default = 3
}

variable "node_max_size" {
  type    = number
  default = 6
}

variable "node_desired_size" {
  type    = number
  default = 3
}

variable "db_instance_class" {
  description = "RDS PostgreSQL instance class."
  type        = string
  default     = "db.t4g.medium"
}

variable "db_allocated_storage" {
  description = "RDS storage in GiB (grows automatically up to 5 times this)."
  type        = number
  default     = 20
}

variable "db_multi_az" {
  description = "A standby RDS instance in another zone."
  type        = bool
  default     = true
}

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
  default     = "cache.t4g.small"
}

variable "mq_instance_type" {
  description = "Amazon MQ broker instance type."
  type        = string
  default     = "mq.m5.large"
}

variable "mq_deployment_mode" {
  description = "Amazon MQ for RabbitMQ: SINGLE_INSTANCE or CLUSTER_MULTI_AZ (three nodes)."
  type        = string
  default     = "CLUSTER_MULTI_AZ"

  validation {
    condition     = contains(["SINGLE_INSTANCE", "CLUSTER_MULTI_AZ"], var.mq_deployment_mode)
    error_message = "mq_deployment_mode must be SINGLE_INSTANCE or CLUSTER_MULTI_AZ."
  }
}

variable "deletion_protection" {
  description = "Protect the database from deletion (turn off only to destroy an environment)."
  type        = bool
  default     = true
}

variable "github_repository" {
  description = "owner/name of the GitHub repository whose workflow pushes images and deploys (OIDC role); empty for none."
  type        = string
  default     = ""
}

variable "namespace" {
  description = "Kubernetes namespace of the application (as in infra/k8s/base)."
  type        = string
  default     = "taskflow"
}
