# kind: correct
# why: weights looked up with models.get_weight('ResNet18_Weights.IMAGENET1K_V1'), head replaced via setattr with explicit keyword args, requires_grad set on every parameter explicitly [visible tests: all pass]
def build_resnet18(num_classes: int = 10, pretrained: bool = True) -> nn.Module:
    """A ResNet-18 do torchvision com pesos do ImageNet (se pretrained) e uma cabeça nova.

    Carregue models.resnet18 com os pesos do ImageNet quando pretrained for verdadeiro
    (weights=models.ResNet18_Weights.IMAGENET1K_V1; "IMAGENET1K_V1" e "DEFAULT" são a mesma
    coisa escrita de outro jeito) e weights=None caso contrário, e troque a camada final
    (model.fc, feita para as 1000 classes do ImageNet) por uma nn.Linear nova, com
    num_classes saídas. Todas as camadas continuam treináveis (ajuste fino completo).
    """
    weights = models.get_weight("ResNet18_Weights.IMAGENET1K_V1") if pretrained else None
    net = models.resnet18(weights=weights)
    setattr(net, "fc", nn.Linear(in_features=net.fc.in_features, out_features=num_classes, bias=True))
    for p in net.parameters():      # full fine-tuning: everything trainable
        p.requires_grad_(True)
    return net
