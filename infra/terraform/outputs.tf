output "region" {
  description = "For the workflow's AWS_REGION variable."
  value       = var.region
}

output "cluster_name" {
  description = "For the workflow's EKS_CLUSTER_NAME variable."
  value       = module.eks.cluster_name
}

output "kubeconfig_command" {
  description = "Points kubectl at the cluster."
  value       = "aws eks update-kubeconfig --region ${var.region} --name ${module.eks.cluster_name}"
}

output "ecr_registry" {
  description = "The registry host the images are pushed to."
  value       = "${data.aws_caller_identity.current.account_id}.dkr.ecr.${var.region}.amazonaws.com"
}

output "ecr_repositories" {
  description = "Image name -> repository URL."
  value       = { for name, repo in aws_ecr_repository.image : name => repo.repository_url }
}

# The data stores, in one map: `terraform output endpoints`. The services get them as URLs, with
# the passwords, from the Secret taskflow-secrets (kubernetes.tf).
output "endpoints" {
  description = "The PostgreSQL and Redis hosts, the RabbitMQ AMQPS endpoint, the attachments' EFS file system."
  value = {
    postgres                   = aws_db_instance.postgres.address
    redis                      = aws_elasticache_replication_group.redis.primary_endpoint_address
    rabbitmq                   = local.amqp_endpoint
    attachments_file_system_id = aws_efs_file_system.attachments.id
  }
}

output "ci_images_role_arn" {
  description = "For the workflow's AWS_IMAGES_ROLE_ARN secret (empty without github_repository)."
  value       = local.ci_enabled ? aws_iam_role.ci["images"].arn : ""
}

output "ci_deploy_role_arn" {
  description = "For the workflow's AWS_DEPLOY_ROLE_ARN secret (empty without github_repository)."
  value       = local.ci_enabled ? aws_iam_role.ci["deploy"].arn : ""
}
