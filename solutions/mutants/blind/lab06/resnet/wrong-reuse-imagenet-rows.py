# kind: wrong
# why: new head copies the first num_classes rows of the ImageNet fc instead of a fresh random init; passes visible tests [visible tests: all pass]
def build_resnet18(num_classes: int = 10, pretrained: bool = True) -> nn.Module:
    """A ResNet-18 do torchvision com pesos do ImageNet (se pretrained) e uma cabeça nova.

    Carregue models.resnet18 com os pesos do ImageNet quando pretrained for verdadeiro
    (weights=models.ResNet18_Weights.IMAGENET1K_V1; "IMAGENET1K_V1" e "DEFAULT" são a mesma
    coisa escrita de outro jeito) e weights=None caso contrário, e troque a camada final
    (model.fc, feita para as 1000 classes do ImageNet) por uma nn.Linear nova, com
    num_classes saídas. Todas as camadas continuam treináveis (ajuste fino completo).
    """
    model = models.resnet18(weights=models.ResNet18_Weights.IMAGENET1K_V1 if pretrained else None)
    old = model.fc
    model.fc = nn.Linear(old.in_features, num_classes)
    with torch.no_grad():
        model.fc.weight.copy_(old.weight[:num_classes])
        model.fc.bias.copy_(old.bias[:num_classes])
    return model
