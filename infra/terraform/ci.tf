# The GitHub workflow's AWS identities (.github/workflows/ci.yml): OpenID Connect, no stored keys.
# One role per job, each trusted only for the subject GitHub puts in that job's token:
#   images: a push to main, "repo:<repository>:ref:refs/heads/main"; may push to the ECR
#           repositories.
#   deploy: a job in the `production` environment, "repo:<repository>:environment:production"
#           (GitHub names the environment instead of the branch, so the environment's
#           deployment branches must be limited to main); may deploy to the application's
#           namespace (an EKS access entry).
# Nothing is created when var.github_repository is empty. infra/tools/check.mjs checks that each
# job that assumes a role gets the one whose subject its token carries.

locals {
  ci_enabled = var.github_repository != ""
  ci_subjects = {
    images = "repo:${var.github_repository}:ref:refs/heads/main"
    deploy = "repo:${var.github_repository}:environment:production"
  }
  ci_roles = local.ci_enabled ? local.ci_subjects : {}
  ci_access_entries = local.ci_enabled ? {
    ci = {
      principal_arn = aws_iam_role.ci["deploy"].arn
      policy_associations = {
        deploy = {
          # Edit rights in the application's namespace only.
          policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy"
          access_scope = {
            type       = "namespace"
            namespaces = [var.namespace]
          }
        }
      }
    }
  } : {}
}

resource "aws_iam_openid_connect_provider" "github" {
  count = local.ci_enabled ? 1 : 0

  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
}

data "aws_iam_policy_document" "ci_assume" {
  for_each = local.ci_roles

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.github[0].arn]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = [each.value]
    }
  }
}

resource "aws_iam_role" "ci" {
  for_each = local.ci_roles

  name               = "${local.cluster_name}-ci-${each.key}"
  assume_role_policy = data.aws_iam_policy_document.ci_assume[each.key].json
}

data "aws_iam_policy_document" "ci_images" {
  count = local.ci_enabled ? 1 : 0

  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    sid = "EcrPush"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:CompleteLayerUpload",
      "ecr:DescribeImages",
      "ecr:InitiateLayerUpload",
      "ecr:PutImage",
      "ecr:UploadLayerPart",
    ]
    resources = [for repo in aws_ecr_repository.image : repo.arn]
  }
}

# The deploy job logs in to ECR only to learn the registry's address for the image names.
data "aws_iam_policy_document" "ci_deploy" {
  count = local.ci_enabled ? 1 : 0

  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    sid       = "EksDescribe"
    actions   = ["eks:DescribeCluster"]
    resources = [module.eks.cluster_arn]
  }
}

resource "aws_iam_role_policy" "ci_images" {
  count = local.ci_enabled ? 1 : 0

  name   = "push-images"
  role   = aws_iam_role.ci["images"].id
  policy = data.aws_iam_policy_document.ci_images[0].json
}

resource "aws_iam_role_policy" "ci_deploy" {
  count = local.ci_enabled ? 1 : 0

  name   = "deploy"
  role   = aws_iam_role.ci["deploy"].id
  policy = data.aws_iam_policy_document.ci_deploy[0].json
}
